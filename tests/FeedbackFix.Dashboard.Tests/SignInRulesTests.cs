using System.Security.Claims;
using FeedbackFix.Dashboard.SignIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>The rules of who may use the dashboard, and the start that refuses a dashboard without them.</summary>
public sealed class SignInRulesTests
{
    private static ClaimsPrincipal Person(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(claim => new Claim(claim.Type, claim.Value)), "oidc", "name", "roles"));

    private static WebApplication Dashboard(string environment, Dictionary<string, string?> signIn)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Configuration["Dashboard:GatewayUrl"] = "http://127.0.0.1:9/";
        builder.Configuration["Dashboard:ApiKey"] = "dashboard-test-api-key-0123456789";
        builder.Configuration.AddInMemoryCollection(signIn.ToDictionary(pair => $"Dashboard:SignIn:{pair.Key}", pair => pair.Value));
        builder.AddDashboardServices();
        return builder.Build();
    }

    private static Dictionary<string, string?> Provider(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Authority"] = "https://accounts.google.com",
            ["ClientId"] = "feedbackfix-dashboard",
            ["ClientSecret"] = "client-secret",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    [Fact]
    public async Task A_production_dashboard_with_sign_in_but_no_rule_of_who_may_use_it_refuses_to_start_naming_the_settings()
    {
        await using var app = Dashboard(Environments.Production, Provider());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Dashboard:SignIn:AllowedEmailDomains", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dashboard:SignIn:AllowedEmails", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dashboard:SignIn:RequiredRole", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dashboard:SignIn:AllowAnyone", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AllowedEmailDomains:0", "example.com")]
    [InlineData("AllowedEmails:0", "ada@example.com")]
    [InlineData("RequiredRole", "FeedbackFix.Operator")]
    [InlineData("AllowAnyone", "true")]
    public async Task A_production_dashboard_starts_with_a_rule_or_an_explicit_allow_anyone(string key, string value)
    {
        await using var app = Dashboard(Environments.Production, Provider((key, value)));

        await app.StartAsync();

        Assert.True(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested);
        await app.StopAsync();
    }

    [Theory]
    [InlineData("AllowedEmailDomains:0", "@example.com", "AllowedEmailDomains has '@example.com'")]
    [InlineData("AllowedEmails:0", "example.com", "AllowedEmails has 'example.com'")]
    public async Task A_rule_that_names_nobody_as_meant_is_refused_at_start(string key, string value, string expected)
    {
        await using var app = Dashboard(Environments.Production, Provider((key, value)));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allow_anyone_beside_a_rule_is_refused_as_contradictory()
    {
        await using var app = Dashboard(Environments.Production, Provider(("AllowedEmailDomains:0", "example.com"), ("AllowAnyone", "true")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Dashboard:SignIn:AllowAnyone is true while", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_the_dashboard_starts_without_sign_in_or_rules()
    {
        await using var app = Dashboard(Environments.Development, []);

        await app.StartAsync();

        Assert.True(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested);
        await app.StopAsync();
    }

    [Fact]
    public void An_address_the_provider_does_not_say_is_unverified_is_taken()
    {
        var rules = new SignInOptions { AllowedEmailDomains = ["example.com"] };

        Assert.True(AllowedPeople.Check(Person(("email", "ada@example.com")), rules).Allowed);
        Assert.True(AllowedPeople.Check(Person(("email", "ada@example.com"), ("email_verified", "True")), rules).Allowed);
        Assert.False(AllowedPeople.Check(Person(("email", "ada@example.com"), ("email_verified", "no")), rules).Allowed);
    }

    [Fact]
    public void Without_an_address_or_with_two_nobody_is_taken_by_the_email_rule()
    {
        var rules = new SignInOptions { AllowedEmailDomains = ["example.com"] };

        var none = AllowedPeople.Check(Person(("name", "Ada")), rules);
        var two = AllowedPeople.Check(Person(("email", "ada@example.com"), ("email", "mallory@gmail.com")), rules);

        Assert.Equal(("Ada", false), (none.Person, none.Allowed));
        Assert.Contains("did not send an e-mail address", none.Refusal, StringComparison.Ordinal);
        Assert.False(two.Allowed);
    }

    [Fact]
    public void A_required_role_must_be_carried_and_holds_beside_the_email_rule()
    {
        var rules = new SignInOptions { AllowedEmailDomains = ["example.com"], RequiredRole = "FeedbackFix.Operator" };

        Assert.True(AllowedPeople.Check(Person(("email", "ada@example.com"), ("roles", "Reader"), ("roles", "FeedbackFix.Operator")), rules).Allowed);
        var refused = AllowedPeople.Check(Person(("email", "ada@example.com"), ("roles", "Reader")), rules);
        Assert.False(refused.Allowed);
        Assert.Contains("'FeedbackFix.Operator' in the claim 'roles'", refused.Refusal, StringComparison.Ordinal);
        Assert.True(AllowedPeople.Check(Person(("groups", "g-1")), new SignInOptions { RequiredRole = "g-1", RoleClaim = "groups" }).Allowed);
    }

    [Fact]
    public void Nobody_who_is_not_signed_in_is_allowed_even_when_anyone_may()
    {
        Assert.False(AllowedPeople.Check(new ClaimsPrincipal(new ClaimsIdentity()), new SignInOptions { AllowAnyone = true }).Allowed);
        Assert.True(AllowedPeople.Check(Person(("sub", "42")), new SignInOptions { AllowAnyone = true }).Allowed);
    }
}

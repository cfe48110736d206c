using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>The dashboard's OpenID Connect sign-in as it is set up outside Development.</summary>
public sealed class SignInSetupTests
{
    [Fact]
    public async Task Sign_in_asks_for_the_email_that_names_the_person_in_a_clusters_activity()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration["Dashboard:GatewayUrl"] = "http://127.0.0.1:9/";
        builder.Configuration["Dashboard:ApiKey"] = "dashboard-test-api-key-0123456789";
        builder.Configuration["Dashboard:SignIn:Authority"] = "https://login.example.com/";
        builder.Configuration["Dashboard:SignIn:ClientId"] = "feedbackfix-dashboard";
        builder.Configuration["Dashboard:SignIn:ClientSecret"] = "client-secret";
        builder.Configuration["Dashboard:SignIn:AllowedEmailDomains:0"] = "example.com";
        builder.AddDashboardServices();
        await using var app = builder.Build();

        var options = app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);

        Assert.Equal(["openid", "profile", "email"], options.Scope);
    }
}

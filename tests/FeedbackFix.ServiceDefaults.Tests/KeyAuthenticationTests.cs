using System.Net;
using System.Security.Claims;
using System.Text.Json;
using FeedbackFix.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeedbackFix.ServiceDefaults.Tests;

public sealed class KeyAuthenticationTests : IAsyncLifetime
{
    private const string Key = "the-right-key-0123456789";
    private static readonly Dictionary<string, string> HolderKeys = new()
    {
        ["alpha-key-0123456789abcdef"] = "alpha",
        ["beta-key-0123456789abcdef"] = "beta",
    };
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.Services.AddAuthentication()
            .AddKey("Identity", key =>
            {
                key.HeaderName = "X-Test-Key";
                key.Key = Key;
                key.MissingKeyDetail = "send X-Test-Key";
                key.WrongKeyDetail = "wrong X-Test-Key";
            })
            .AddKey("Permission", key =>
            {
                key.HeaderName = "X-Test-Admin";
                key.Key = Key;
                key.WrongKeyStatus = StatusCodes.Status403Forbidden;
                key.MissingKeyDetail = "send X-Test-Admin";
                key.WrongKeyDetail = "wrong X-Test-Admin";
            })
            .AddKey("Holders", key =>
            {
                key.HeaderName = "X-Test-Holder";
                key.FindHolder = (_, presented) => HolderKeys.TryGetValue(presented, out var name) ? [new Claim(ClaimTypes.Name, name)] : null;
                key.MissingKeyDetail = "send X-Test-Holder";
                key.WrongKeyDetail = "wrong X-Test-Holder";
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy("identity", policy => policy.AddAuthenticationSchemes("Identity").RequireAuthenticatedUser())
            .AddPolicy("permission", policy => policy.AddAuthenticationSchemes("Permission").RequireAuthenticatedUser())
            .AddPolicy("holders", policy => policy.AddAuthenticationSchemes("Holders").RequireAuthenticatedUser());
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGet("/identity", (HttpContext context) => context.User.Identity!.Name).RequireAuthorization("identity");
        _app.MapGet("/permission", () => "ok").RequireAuthorization("permission");
        _app.MapGet("/holder", (HttpContext context) => context.User.Identity!.Name).RequireAuthorization("holders");
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    [Fact]
    public async Task The_right_key_is_let_through_as_the_named_caller()
    {
        var response = await SendAsync("/identity", "X-Test-Key", Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("key-holder", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_key_is_a_401_problem_with_www_authenticate_that_says_what_to_send()
    {
        var response = await SendAsync("/identity", null, null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Identity", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("send X-Test-Key", await DetailAsync(response));
    }

    [Fact]
    public async Task A_wrong_identity_key_is_a_401_problem()
    {
        var response = await SendAsync("/identity", "X-Test-Key", "not-the-key-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("wrong X-Test-Key", await DetailAsync(response));
    }

    [Fact]
    public async Task A_wrong_permission_key_is_a_403_problem_without_www_authenticate()
    {
        var wrong = await SendAsync("/permission", "X-Test-Admin", "not-the-key-0123456789");
        var missing = await SendAsync("/permission", null, null);

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Empty(wrong.Headers.WwwAuthenticate);
        Assert.Equal("wrong X-Test-Admin", await DetailAsync(wrong));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
    }

    [Theory]
    [InlineData("alpha-key-0123456789abcdef", "alpha")]
    [InlineData("beta-key-0123456789abcdef", "beta")]
    public async Task With_several_keys_each_is_let_through_as_its_own_holder(string key, string holder)
    {
        var response = await SendAsync("/holder", "X-Test-Holder", key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(holder, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_several_keys_one_nobody_holds_is_a_401_problem()
    {
        var response = await SendAsync("/holder", "X-Test-Holder", "gamma-key-0123456789abcdef");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("wrong X-Test-Holder", await DetailAsync(response));
    }

    [Theory]
    [InlineData("the-right-key-0123456789", true)]
    [InlineData("the-right-key-012345678", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Keys_match_only_when_equal(string? presented, bool matches)
    {
        Assert.Equal(matches, KeyAuthenticationHandler.Matches(Key, presented));
    }

    [Fact]
    public void No_key_is_configured_means_nothing_matches()
    {
        Assert.False(KeyAuthenticationHandler.Matches(null, "anything"));
        Assert.False(KeyAuthenticationHandler.Matches("", ""));
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string? header, string? value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (header is not null)
        {
            request.Headers.Add(header, value);
        }
        return await _client.SendAsync(request);
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }
}

using System.Security.Claims;
using FeedbackFix.Dashboard.Api;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>The API is told who the dashboard acts for, so a cluster's activity names the person, not only the dashboard's key.</summary>
public sealed class SignedInPersonTests
{
    private sealed class Recorder : HttpMessageHandler
    {
        public HttpRequestMessage? Last { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Last = request;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("[]") });
        }
    }

    private sealed class SignedIn(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    private static async Task<string?> OnBehalfOfAsync(AuthenticationStateProvider? signIn)
    {
        var recorder = new Recorder();
        var client = new FeedbackFixClient(new HttpClient(recorder) { BaseAddress = new Uri("http://gateway/") }, NullLogger<FeedbackFixClient>.Instance, signIn);
        await client.GetClusterActivityAsync("c1");
        return recorder.Last!.Headers.TryGetValues("X-FeedbackFix-On-Behalf-Of", out var values) ? values.Single() : null;
    }

    private static ClaimsPrincipal Person(params Claim[] claims) => new(new ClaimsIdentity(claims, "oidc", "name", "role"));

    [Fact]
    public async Task A_signed_in_person_is_named_by_their_email()
    {
        Assert.Equal("ada@example.com", await OnBehalfOfAsync(new SignedIn(Person(new Claim("name", "Ada Lovelace"), new Claim("email", "ada@example.com")))));
    }

    [Fact]
    public async Task A_name_a_header_cannot_carry_is_passed_over_for_the_next()
    {
        Assert.Equal("ada", await OnBehalfOfAsync(new SignedIn(Person(new Claim("email", "adà@example.com"), new Claim("preferred_username", "ada")))));
    }

    [Fact]
    public async Task Without_sign_in_nobody_is_named()
    {
        Assert.Null(await OnBehalfOfAsync(new SignedIn(new ClaimsPrincipal(new ClaimsIdentity()))));
        Assert.Null(await OnBehalfOfAsync(null));
    }
}

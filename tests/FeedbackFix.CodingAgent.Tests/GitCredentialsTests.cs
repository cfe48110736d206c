using System.Text;
using FeedbackFix.CodingAgent.Git;
using FeedbackFix.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedbackFix.CodingAgent.Tests;

public sealed class GitCredentialsTests
{
    [Fact]
    public void A_file_remote_gets_no_credentials()
    {
        Assert.Null(GitCredentials.For(new Uri("file:///tmp/remote/"), "ghp_token"));
        Assert.Null(GitCredentials.For(new Uri("https://github.com/"), null));
    }

    [Fact]
    public async Task Git_sends_the_token_as_a_header_scoped_to_the_remote_without_it_in_the_arguments()
    {
        string? authorization = null;
        var server = await LoopbackServer.StartAsync(routes => routes.MapGet("/{**path}", (HttpRequest request) =>
        {
            authorization ??= request.Headers.Authorization.ToString();
            return Results.NotFound();
        }));
        await using var app = server.App;
        var baseUrl = server.Address;
        var credentials = GitCredentials.For(baseUrl, "ghp_secret_value")!;
        var git = new GitRunner(credentials, new Dictionary<string, string>(), TimeSpan.FromSeconds(20), TimeProvider.System, NullLogger<GitRunner>.Instance);

        var result = await git.RunAsync(null, ["ls-remote", new Uri(baseUrl, "acme/app.git").AbsoluteUri], CancellationToken.None, authenticated: true);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal($"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:ghp_secret_value"))}", authorization);
        Assert.DoesNotContain("ghp_secret_value", result.Error);
        await app.StopAsync();
    }
}

using FeedbackFix.TestSupport;
using Microsoft.Extensions.Options;
using Octokit;

namespace FeedbackFix.GitHub.Tests;

/// <summary>A FakeGitHub per test, with the real Octokit client and GitHubCalls pointed at it.</summary>
public abstract class GitHubTestContext : IAsyncLifetime
{
    protected FakeGitHub GitHub { get; } = new();

    protected RecordingLogger<GitHubCalls> Logger { get; } = new();

    public Task InitializeAsync() => GitHub.InitializeAsync();

    public Task DisposeAsync() => GitHub.DisposeAsync().AsTask();

    // Short back-off so retry tests stay fast; rate-limit waits come from the fake's headers.
    protected GitHubOptions Options(Action<GitHubOptions>? change = null)
    {
        var options = new GitHubOptions
        {
            ApiUrl = GitHub.ApiUrl,
            Token = GitHub.Token,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        };
        change?.Invoke(options);
        return options;
    }

    protected IGitHubClient Client(GitHubOptions? options = null) => GitHubClientFactory.Create(options ?? Options());

    protected GitHubCalls Calls(GitHubOptions? options = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options ?? Options()), TimeProvider.System, Logger);

    protected static NewIssue NewIssue(string title = "Login fails") => new(title) { Body = "Seen by 12 users" };
}

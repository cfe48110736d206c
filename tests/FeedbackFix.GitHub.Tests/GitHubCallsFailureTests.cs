using Octokit;

namespace FeedbackFix.GitHub.Tests;

public sealed class GitHubCallsFailureTests : GitHubTestContext
{
    [Fact]
    public async Task Server_errors_are_retried_until_github_answers()
    {
        GitHub.ServerError(times: 2);

        var issue = await Calls().RunAsync("create issue in acme/app", _ => Client().Issue.Create("acme", "app", NewIssue()), CancellationToken.None);

        Assert.Equal(1, issue.Number);
        Assert.Equal(3, GitHub.Requests.Count);
        Assert.Single(GitHub.Issues);
    }

    [Fact]
    public async Task Server_errors_beyond_max_retries_fail_as_unavailable_and_transient()
    {
        GitHub.ServerError(times: 10);
        var options = Options(o => o.MaxRetries = 2);

        var failure = await Assert.ThrowsAsync<GitHubFailure>(() =>
            Calls(options).RunAsync("create issue in acme/app", _ => Client(options).Issue.Create("acme", "app", NewIssue()), CancellationToken.None));

        Assert.Equal(GitHubFailureKind.Unavailable, failure.Kind);
        Assert.True(failure.IsTransient);
        Assert.Contains("502", failure.Message, StringComparison.Ordinal);
        Assert.Equal(3, GitHub.Requests.Count);
    }

    [Fact]
    public async Task Connection_refused_is_retried_then_unavailable()
    {
        var options = Options(o => o.MaxRetries = 1);
        options.ApiUrl = GitHub.ApiUrl;
        await GitHub.DisposeAsync();

        var failure = await Assert.ThrowsAsync<GitHubFailure>(() =>
            Calls(options).RunAsync("read acme/app", _ => Client(options).Repository.Get("acme", "app"), CancellationToken.None));

        Assert.Equal(GitHubFailureKind.Unavailable, failure.Kind);
        Assert.Single(Logger.Entries, entry => entry.EventId == 1);
    }

    [Fact]
    public async Task A_timed_out_request_is_retried()
    {
        GitHub.SlowResponse(TimeSpan.FromSeconds(5));
        var client = Client();
        // Short against the 5 s answer, yet long enough for the retry's new connection on a busy machine.
        client.SetRequestTimeout(TimeSpan.FromMilliseconds(1_500));

        var repository = await Calls().RunAsync("read acme/app", _ => client.Repository.Get("acme", "app"), CancellationToken.None);

        Assert.Equal("main", repository.DefaultBranch);
        Assert.Equal(2, GitHub.Requests.Count);
        var wait = Assert.Single(Logger.Entries, entry => entry.EventId == 1);
        Assert.Equal("the request timed out", wait.Fields["Reason"]);
    }

    [Fact]
    public async Task No_retries_when_max_retries_is_zero()
    {
        GitHub.ServerError();
        var options = Options(o => o.MaxRetries = 0);

        var failure = await Assert.ThrowsAsync<GitHubFailure>(() =>
            Calls(options).RunAsync("read acme/app", _ => Client(options).Repository.Get("acme", "app"), CancellationToken.None));

        Assert.Equal(GitHubFailureKind.Unavailable, failure.Kind);
        Assert.Single(GitHub.Requests);
    }

    [Fact]
    public async Task Bad_credentials_say_to_check_the_token_and_never_show_it()
    {
        var options = Options(o => o.Token = "ghp_wrong_token_value");

        var failure = await Assert.ThrowsAsync<GitHubFailure>(() =>
            Calls(options).RunAsync("create issue in acme/app", _ => Client(options).Issue.Create("acme", "app", NewIssue()), CancellationToken.None));

        Assert.Equal(GitHubFailureKind.BadCredentials, failure.Kind);
        Assert.False(failure.IsTransient);
        Assert.Equal("GitHub rejected the credentials (Bad credentials): check GitHub:Token.", failure.Message);
        Assert.DoesNotContain(Logger.Entries, entry => entry.Message.Contains("ghp_wrong_token_value", StringComparison.Ordinal));
        var request = Assert.Single(GitHub.Requests);
        Assert.False(request.Authorized);
    }

    [Fact]
    public async Task Not_found_is_not_retried()
    {
        var failure = await Assert.ThrowsAsync<GitHubFailure>(() =>
            Calls().RunAsync("read issue acme/app#42", _ => Client().Issue.Get("acme", "app", 42), CancellationToken.None));

        Assert.Equal(GitHubFailureKind.NotFound, failure.Kind);
        Assert.False(failure.IsTransient);
        Assert.Contains("not found, or the token cannot see it", failure.Message, StringComparison.Ordinal);
        Assert.Contains("read issue acme/app#42", failure.Message, StringComparison.Ordinal);
        Assert.Single(GitHub.Requests);
    }

    [Fact]
    public async Task Unknown_repository_is_not_found()
    {
        GitHub.AnyRepositoryExists = false;
        GitHub.AddRepository("acme", "app");

        var failure = await Assert.ThrowsAsync<GitHubFailure>(() =>
            Calls().RunAsync("create issue in acme/other", _ => Client().Issue.Create("acme", "other", NewIssue()), CancellationToken.None));

        Assert.Equal(GitHubFailureKind.NotFound, failure.Kind);
        Assert.Empty(GitHub.Issues);
    }

    [Fact]
    public async Task Validation_failure_carries_githubs_error_messages()
    {
        var client = Client();
        await client.PullRequest.Create("acme", "app", new NewPullRequest("Fix login", "fix/login", "main"));

        var failure = await Assert.ThrowsAsync<GitHubFailure>(() =>
            Calls().RunAsync("open pull request in acme/app", _ => client.PullRequest.Create("acme", "app", new NewPullRequest("Fix login", "fix/login", "main")), CancellationToken.None));

        Assert.Equal(GitHubFailureKind.Invalid, failure.Kind);
        Assert.False(failure.IsTransient);
        Assert.Contains("A pull request already exists for acme:fix/login.", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, GitHub.Requests.Count);
    }

    [Fact]
    public async Task Forbidden_says_the_token_lacks_permission()
    {
        GitHub.Forbidden();

        var failure = await Assert.ThrowsAsync<GitHubFailure>(() =>
            Calls().RunAsync("create issue in acme/app", _ => Client().Issue.Create("acme", "app", NewIssue()), CancellationToken.None));

        Assert.Equal(GitHubFailureKind.Forbidden, failure.Kind);
        Assert.False(failure.IsTransient);
        Assert.Contains("Resource not accessible by personal access token", failure.Message, StringComparison.Ordinal);
        Assert.Single(GitHub.Requests);
    }

    [Fact]
    public async Task Exceptions_that_are_not_githubs_pass_through_unchanged()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Calls().RunAsync<int>("compute", _ => throw new InvalidOperationException("a bug"), CancellationToken.None));

        Assert.Empty(Logger.Entries);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_token_names_the_setting(string? token)
    {
        var failure = Assert.Throws<GitHubFailure>(() => GitHubClientFactory.Create(new GitHubOptions { Token = token }));

        Assert.Equal(GitHubFailureKind.MissingToken, failure.Kind);
        Assert.False(failure.IsTransient);
        Assert.Equal("GitHub token is not configured: set GitHub:Token (the AppHost parameter 'github-token').", failure.Message);
    }
}

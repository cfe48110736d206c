using FeedbackFix.GitHub;
using FeedbackFix.TestSupport;
using Octokit;

namespace FeedbackFix.GitHub.Tests;

/// <summary>The real Octokit client against FakeGitHub: the wire shapes both sides agree on.</summary>
public sealed class FakeGitHubRoundTripTests : IAsyncLifetime
{
    private readonly FakeGitHub _github = new();

    public Task InitializeAsync() => _github.InitializeAsync();

    public Task DisposeAsync() => _github.DisposeAsync().AsTask();

    private IGitHubClient Client() => GitHubClientFactory.Create(new GitHubOptions { ApiUrl = _github.ApiUrl, Token = _github.Token });

    [Fact]
    public async Task Octokit_calls_land_under_api_v3_of_a_loopback_base()
    {
        var repository = await Client().Repository.Get("acme", "app");

        Assert.Equal("main", repository.DefaultBranch);
        Assert.Equal("/api/v3/repos/acme/app", Assert.Single(_github.Requests).Path);
    }

    [Fact]
    public async Task Created_issue_reads_back_with_its_number_labels_and_github_url()
    {
        var client = Client();

        var created = await client.Issue.Create("acme", "app", new NewIssue("Login fails") { Body = "Steps", Labels = { "feedbackfix", "bug" } });
        var read = await client.Issue.Get("acme", "app", created.Number);

        Assert.Equal(1, created.Number);
        Assert.Equal("https://github.com/acme/app/issues/1", created.HtmlUrl);
        Assert.Equal("Login fails", read.Title);
        Assert.Equal("Steps", read.Body);
        Assert.Equal(ItemState.Open, read.State.Value);
        Assert.Equal(["feedbackfix", "bug"], read.Labels.Select(label => label.Name));
        var recorded = Assert.Single(_github.Issues);
        Assert.Equal(["feedbackfix", "bug"], recorded.Labels);
        Assert.True(GitHubIssueRef.TryParse(created.HtmlUrl, out var issue));
        Assert.Equal(new GitHubIssueRef(new GitHubRepository("acme", "app"), 1), issue);
    }

    [Fact]
    public async Task Pull_request_shares_the_issue_numbers_and_a_second_for_the_same_head_is_refused()
    {
        var client = Client();
        await client.Issue.Create("acme", "app", new NewIssue("Login fails"));

        var pull = await client.PullRequest.Create("acme", "app", new NewPullRequest("Fix login", "fix/login", "main") { Body = "Closes #1" });
        var again = await Assert.ThrowsAsync<ApiValidationException>(() =>
            client.PullRequest.Create("acme", "app", new NewPullRequest("Fix login", "acme:fix/login", "main")));
        var open = await client.PullRequest.GetAllForRepository("acme", "app", new PullRequestRequest { Head = "acme:fix/login", State = ItemStateFilter.Open });

        Assert.Equal(2, pull.Number);
        Assert.Equal("https://github.com/acme/app/pull/2", pull.HtmlUrl);
        Assert.Equal("fix/login", pull.Head.Ref);
        Assert.Equal("main", pull.Base.Ref);
        Assert.Equal(40, pull.Head.Sha.Length);
        Assert.Contains(again.ApiError.Errors, error => error.Message == "A pull request already exists for acme:fix/login.");
        Assert.Equal(2, Assert.Single(open).Number);
    }

    [Fact]
    public async Task A_title_over_256_characters_or_a_body_over_65536_is_refused_with_422_as_GitHub_refuses_it()
    {
        var client = Client();

        var title = await Assert.ThrowsAsync<ApiValidationException>(() =>
            client.Issue.Create("acme", "app", new NewIssue(new string('t', 257))));
        var body = await Assert.ThrowsAsync<ApiValidationException>(() =>
            client.Issue.Create("acme", "app", new NewIssue("Login fails") { Body = new string('b', 65_537) }));
        var pull = await Assert.ThrowsAsync<ApiValidationException>(() =>
            client.PullRequest.Create("acme", "app", new NewPullRequest(new string('t', 257), "fix/login", "main")));
        // GitHub counts characters: 256 emoji are 512 UTF-16 code units and still fit.
        var emoji = await client.Issue.Create("acme", "app", new NewIssue(string.Concat(Enumerable.Repeat("😀", 256))) { Body = new string('b', 65_536) });

        Assert.Contains(title.ApiError.Errors, error => error.Field == "title" && error.Message == "title is too long (maximum is 256 characters)");
        Assert.Contains(body.ApiError.Errors, error => error.Field == "body" && error.Message == "body is too long (maximum is 65536 characters)");
        Assert.Contains(pull.ApiError.Errors, error => error.Resource == "PullRequest" && error.Field == "title");
        Assert.Equal(emoji.Number, Assert.Single(_github.Issues).Number);
        Assert.Empty(_github.PullRequests);
    }

    [Fact]
    public async Task Comment_is_recorded_on_its_issue()
    {
        var client = Client();
        var issue = await client.Issue.Create("acme", "app", new NewIssue("Login fails"));

        var comment = await client.Issue.Comment.Create("acme", "app", issue.Number, "Agent started");
        var read = await client.Issue.Get("acme", "app", issue.Number);

        Assert.Equal("Agent started", comment.Body);
        Assert.StartsWith("https://github.com/acme/app/issues/1#issuecomment-", comment.HtmlUrl, StringComparison.Ordinal);
        Assert.Equal(1, read.Comments);
        Assert.Equal(issue.Number, Assert.Single(_github.Comments).IssueNumber);
    }
}

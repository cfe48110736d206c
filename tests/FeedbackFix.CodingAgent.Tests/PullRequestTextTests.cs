using System.Text;
using FeedbackFix.CodingAgent.Pulls;
using FeedbackFix.GitHub;

namespace FeedbackFix.CodingAgent.Tests;

/// <summary>The pull request's words against GitHub's limits (256 characters of title, 65,536 of body).</summary>
public sealed class PullRequestTextTests
{
    private static readonly GitHubRepository Repository = new("acme", "app");

    [Fact]
    public void A_title_over_GitHubs_limit_is_cut_to_256_with_an_ellipsis_never_inside_a_surrogate_pair()
    {
        // An issue title at GitHub's limit in emoji, two UTF-16 code units each.
        var issueTitle = string.Concat(Enumerable.Repeat("😀", 128));

        var title = PullRequestText.Title(new GitHubIssueRef(Repository, 12345), issueTitle);

        Assert.InRange(title.Length, 1, 256);
        Assert.StartsWith("Fix #12345: 😀", title, StringComparison.Ordinal);
        Assert.EndsWith("😀…", title, StringComparison.Ordinal);
        Assert.DoesNotContain(Rune.ReplacementChar, title.EnumerateRunes());
    }

    [Fact]
    public void A_title_within_the_limit_is_left_as_it_is()
    {
        var title = PullRequestText.Title(new GitHubIssueRef(Repository, 7), "Saving a draft crashes the app");

        Assert.Equal("Fix #7: Saving a draft crashes the app", title);
    }

    [Fact]
    public void The_body_with_the_longest_names_and_ids_allowed_stays_within_GitHubs_body_limit()
    {
        // GitHub's longest owner (39) and repository name (100), the largest issue number, 64-character ids.
        var issueRepository = new GitHubRepository(new string('o', 39), new string('n', 100));
        var issue = new GitHubIssueRef(issueRepository, int.MaxValue);

        var body = PullRequestText.Body(issue, new GitHubRepository(new string('p', 39), new string('r', 100)), new string('j', 64), new string('c', 64));

        Assert.InRange(body.Length, 1, 65_536);
        Assert.StartsWith($"Fixes {issue}", body, StringComparison.Ordinal);
    }
}

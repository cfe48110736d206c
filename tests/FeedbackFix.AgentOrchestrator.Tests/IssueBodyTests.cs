using System.Text;
using FeedbackFix.AgentOrchestrator.Issues;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.AgentOrchestrator.Tests;

public sealed class IssueBodyTests
{
    // GitHub's limits, written out here rather than read from the code under test.
    private const int GitHubTitleLimit = 256;
    private const int GitHubBodyLimit = 65_536;

    private static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static IssueCluster Cluster(string id) => new()
    {
        Id = id,
        Title = "CSV export drops the last row",
        Summary = "Exports are one row short.",
        Status = ClusterStatus.Fixing,
        CreatedAt = Noon,
        UpdatedAt = Noon,
        Size = 1,
    };

    private static FeedbackItem Report(int i, string url) =>
        new($"f{i}", FeedbackSource.Reddit, $"t3_{i}", $"Report {i} " + new string('r', 300), "It breaks.", url, "tester", Noon, Noon, "c42", null);

    [Fact]
    public void The_body_ends_with_a_hidden_marker_that_names_the_cluster_and_marks_the_issue_as_ours()
    {
        var item = new FeedbackItem("f1", FeedbackSource.Manual, null, "Last row missing", "", null, null, Noon, Noon, "c42", null);

        var body = IssueBody.Compose(Cluster("c42"), [item]);

        Assert.EndsWith("<!-- feedbackfix:cluster:c42 -->", body, StringComparison.Ordinal);
        Assert.True(FixIssueMarker.IsIn(body));
        Assert.False(FixIssueMarker.IsIn(item.Title + "\n" + "Exports are one row short."));
    }

    [Fact]
    public void Text_from_reports_mentions_nobody_and_renders_no_html_while_a_persons_description_stays_as_written()
    {
        var item = new FeedbackItem("f1", FeedbackSource.Reddit, "t3_1", "<img src=https://tracker.example/p.gif> @acme/maintainers see #12", "", null, null, Noon, Noon, "c42", null);
        var summarised = Cluster("c42") with { Summary = "Users ask @octocat about #7." };

        var body = IssueBody.Compose(summarised, [item]);
        var described = IssueBody.Compose(summarised with { IssueDescription = "cc @octocat, see #7" }, [item]);

        Assert.DoesNotContain("<img", body, StringComparison.Ordinal);
        Assert.Contains("&lt;img", body, StringComparison.Ordinal);
        Assert.Contains("@&#8203;acme/maintainers", body, StringComparison.Ordinal);
        Assert.Contains("#&#8203;12", body, StringComparison.Ordinal);
        Assert.Contains("Users ask @&#8203;octocat about #&#8203;7.", body, StringComparison.Ordinal);
        Assert.Contains("cc @octocat, see #7", described, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_cluster_title_taken_from_a_report_is_made_inert_in_the_body_and_cannot_pose_as_another_clusters_marker()
    {
        var title = "<img src=https://tracker.example/p.gif> @octocat " + IssueBody.Marker("c99") + " " + new string('x', 220);
        var cluster = Cluster("c42") with { Title = title };

        var body = IssueBody.Compose(cluster, []);

        Assert.Contains("**Full title:**", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", body, StringComparison.Ordinal);
        Assert.DoesNotContain("@octocat", body, StringComparison.Ordinal);
        Assert.DoesNotContain(IssueBody.Marker("c99"), body, StringComparison.Ordinal);
        Assert.Equal(1, body.Split("<!--").Length - 1);
        Assert.EndsWith(IssueBody.Marker("c42"), body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_300_character_title_is_cut_to_GitHubs_256_with_an_ellipsis_and_kept_whole_in_the_body()
    {
        var fullTitle = "Saving a draft crashes the app " + new string('x', 269);
        var cluster = Cluster("c42") with { Title = fullTitle };

        var title = IssueBody.Title(cluster);
        var body = IssueBody.Compose(cluster, []);

        Assert.Equal(300, fullTitle.Length);
        Assert.InRange(title.Length, 1, GitHubTitleLimit);
        Assert.EndsWith("…", title, StringComparison.Ordinal);
        Assert.StartsWith(title[..^1], fullTitle, StringComparison.Ordinal);
        Assert.Contains(fullTitle, body, StringComparison.Ordinal);
        Assert.EndsWith(IssueBody.Marker("c42"), body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_issue_title_is_cut_too_and_a_title_that_fits_is_left_as_it_is_and_not_repeated_in_the_body()
    {
        var longIssueTitle = new string('i', 300);
        var cut = Cluster("c42") with { IssueTitle = longIssueTitle };
        var fits = Cluster("c43") with { IssueTitle = new string('i', GitHubTitleLimit) };

        Assert.InRange(IssueBody.Title(cut).Length, 1, GitHubTitleLimit);
        Assert.Contains(longIssueTitle, IssueBody.Compose(cut, []), StringComparison.Ordinal);
        Assert.Equal(new string('i', GitHubTitleLimit), IssueBody.Title(fits));
        Assert.DoesNotContain(new string('i', GitHubTitleLimit), IssueBody.Compose(fits, []), StringComparison.Ordinal);
    }

    [Fact]
    public void A_title_is_never_cut_inside_a_surrogate_pair()
    {
        // 300 emoji, two UTF-16 code units each: a cut after 255 code units would split the 128th.
        var cluster = Cluster("c42") with { Title = string.Concat(Enumerable.Repeat("😀", 300)) };

        var title = IssueBody.Title(cluster);

        Assert.InRange(title.Length, 1, GitHubTitleLimit);
        Assert.DoesNotContain(Rune.ReplacementChar, title.EnumerateRunes());
        Assert.EndsWith("😀…", title, StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_description_and_200_reports_with_2048_character_URLs_fit_GitHubs_body_limit_and_keep_the_marker()
    {
        var description = "Exports are one row short. " + new string('d', 20_000 - 27);
        var cluster = Cluster("c42") with { IssueDescription = description, Size = 250 };
        var reports = Enumerable.Range(0, 200)
            .Select(i => Report(i, $"https://www.reddit.com/r/widgets/comments/{i:D4}/" + new string('u', 2_048 - 47)))
            .ToList();

        var body = IssueBody.Compose(cluster, reports);

        Assert.Equal(2_048, reports[0].Url!.Length);
        Assert.InRange(body.Length, 1, GitHubBodyLimit);
        Assert.EndsWith(IssueBody.Marker("c42"), body, StringComparison.Ordinal);
        Assert.Contains(description, body, StringComparison.Ordinal);
        Assert.Contains("### Reports (250)", body, StringComparison.Ordinal);
        var listed = reports.TakeWhile(report => body.Contains(report.Url!, StringComparison.Ordinal)).Count();
        Assert.InRange(listed, 1, 199);
        Assert.All(reports.Skip(listed), report => Assert.DoesNotContain(report.Url!, body, StringComparison.Ordinal));
        Assert.Contains($"- and {250 - listed} more: `GET /clusters/c42` lists them all", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_description_over_the_body_limit_by_itself_is_cut_and_the_marker_and_the_count_still_fit()
    {
        var cluster = Cluster("c42") with { Summary = new string('s', 70_000), Size = 3 };

        var body = IssueBody.Compose(cluster, [Report(1, "https://www.reddit.com/r/widgets/comments/1")]);

        Assert.InRange(body.Length, 1, GitHubBodyLimit);
        Assert.Contains("s…", body, StringComparison.Ordinal);
        Assert.Contains("- and 3 more: `GET /clusters/c42` lists them all", body, StringComparison.Ordinal);
        Assert.EndsWith(IssueBody.Marker("c42"), body, StringComparison.Ordinal);
    }
}

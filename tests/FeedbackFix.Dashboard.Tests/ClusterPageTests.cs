using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Dashboard.Components.Pages;

namespace FeedbackFix.Dashboard.Tests;

public sealed class ClusterPageTests : DashboardTest
{
    private IRenderedComponent<Cluster> RenderCluster(string id)
    {
        var cut = Render<Cluster>(p => p.Add(c => c.Id, id));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("fluent-progress-ring")));
        return cut;
    }

    private static AngleSharp.Dom.IElement Repository(IRenderedComponent<Cluster> cut) =>
        cut.FindAll(".facts dt").Single(dt => dt.TextContent == "Repository").NextElementSibling!;

    [Fact]
    public void The_cluster_is_shown_with_its_reports_linking_to_the_originals_in_a_new_tab()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1", Samples.Detail(Samples.Cluster(), null,
                Samples.Report("f1", FeedbackSource.Reddit, "https://www.reddit.com/r/app/comments/abc/"),
                Samples.Report("f2", FeedbackSource.Manual)))
            .Answer(HttpMethod.Get, "/clusters/c1/jobs", Samples.Jobs());

        var cut = RenderCluster("c1");

        Assert.Equal("Export to CSV drops the last row", cut.Find("h1").TextContent);
        Assert.Equal(["Report f1", "Report f2"], cut.FindAll(".report-title").Select(t => t.TextContent));
        var original = cut.Find(".report a");
        Assert.Equal("https://www.reddit.com/r/app/comments/abc/", original.GetAttribute("href"));
        Assert.Equal("_blank", original.GetAttribute("target"));
        Assert.Equal("noopener", original.GetAttribute("rel"));
        Assert.Single(cut.FindAll(".report a"));
    }

    [Fact]
    public void The_first_page_of_reports_is_asked_for_with_the_cluster()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1", Samples.Detail(Samples.Cluster()))
            .Answer(HttpMethod.Get, "/clusters/c1/jobs", Samples.Jobs());

        RenderCluster("c1");

        Assert.Contains(Api.Requests, r => r.PathAndQuery == "/clusters/c1?items_limit=20");
    }

    [Fact]
    public void Sources_are_chips_with_their_counts()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1", Samples.Detail(Samples.Cluster()))
            .Answer(HttpMethod.Get, "/clusters/c1/jobs", Samples.Jobs());

        var cut = RenderCluster("c1");

        Assert.Equal(["Manual 1", "Reddit 2"], cut.FindAll(".facts .chips fluent-badge").Select(b => b.TextContent.Trim()));
    }

    [Theory]
    [InlineData(ClusterStatus.Regressed, "regressed", true)]
    [InlineData(ClusterStatus.FixProposed, "fix proposed", false)]
    [InlineData(ClusterStatus.Fixed, "fixed", false)]
    public void The_status_is_shown_in_words_and_Generate_Fix_is_offered_again_only_for_a_regression(ClusterStatus status, string shown, bool offersFix)
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1", Samples.Detail(Samples.Cluster(status: status)))
            .Answer(HttpMethod.Get, "/clusters/c1/jobs", Samples.Jobs());

        var cut = RenderCluster("c1");

        Assert.Contains(cut.FindAll(".facts .status-badge"), badge => badge.TextContent.Trim() == shown);
        Assert.Equal(offersFix, cut.FindAll("fluent-button").Any(b => b.TextContent.Trim() == "Generate Fix"));
    }

    [Fact]
    public void A_cluster_with_no_repository_and_none_suggested_says_none_is_set_and_how_to_set_one()
    {
        // The API says nothing of the server's default repository, which may be unset: Generate Fix then answers 422.
        Api.Answer(HttpMethod.Get, "/clusters/c1", Samples.Detail(Samples.Cluster(repo: null)) with { SuggestedRepoUrl = null })
            .Answer(HttpMethod.Get, "/clusters/c1/jobs", Samples.Jobs());

        var cut = RenderCluster("c1");

        var repository = Repository(cut);
        Assert.Equal("None set", repository.QuerySelector(".repository-none")?.TextContent);
        Assert.NotNull(repository.QuerySelector("a[href='/sources#repositories-heading']"));
        Assert.DoesNotContain("the server's default", repository.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_with_no_repository_shows_the_suggested_one_its_reports_map_to()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1", Samples.Detail(Samples.Cluster(repo: null)) with { SuggestedRepoUrl = "https://github.com/acme/web" })
            .Answer(HttpMethod.Get, "/clusters/c1/jobs", Samples.Jobs());

        var cut = RenderCluster("c1");

        var repository = Repository(cut);
        Assert.StartsWith("acme/web", repository.QuerySelector("a[href='https://github.com/acme/web']")?.TextContent);
        Assert.Contains("suggested", repository.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("default", repository.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_jobs_link_to_their_pages_and_the_newest_pull_request_is_linked()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1", Samples.Detail(Samples.Cluster(status: ClusterStatus.Fixed)))
            .Answer(HttpMethod.Get, "/clusters/c1/jobs", Samples.Jobs(
                Samples.Job("j2", JobStatus.Succeeded, "https://github.com/acme/app/pull/7"),
                Samples.Job("j1", JobStatus.Failed)));

        var cut = RenderCluster("c1");

        Assert.Equal(["/jobs/j2", "/jobs/j1"], cut.FindAll("table.jobs a[href^='/jobs/']").Select(a => a.GetAttribute("href")));
        var pr = cut.FindAll(".facts a").Single(a => a.GetAttribute("href") == "https://github.com/acme/app/pull/7");
        Assert.StartsWith("acme/app#7", pr.TextContent);
    }

    [Fact]
    public void A_merged_away_id_shows_the_cluster_it_went_into()
    {
        Api.Answer(HttpMethod.Get, "/clusters/old", Samples.Detail(Samples.Cluster("c1")) with { MergedFrom = ["old"] })
            .Answer(HttpMethod.Get, "/clusters/old/jobs", Samples.Jobs());

        var cut = RenderCluster("old");

        Assert.Contains("Cluster old was merged into this one", cut.Find(".merged-note").TextContent);
        Assert.Equal("Export to CSV drops the last row", cut.Find("h1").TextContent);
        // An answer that lists merged_from alone still lists the merge, by id.
        Assert.Contains("Cluster old", Assert.Single(cut.FindAll(".merged-clusters li")).TextContent);
    }

    [Fact]
    public void A_merged_away_id_names_the_cluster_by_its_title_when_merged()
    {
        Api.Answer(HttpMethod.Get, "/clusters/old", Samples.Detail(Samples.Cluster("c1")) with
            {
                MergedFrom = ["old"],
                MergedClusters = [new MergedCluster("old", "Dark mode is unreadable", 3, Now.AddHours(-2), "alice")],
            })
            .Answer(HttpMethod.Get, "/clusters/old/jobs", Samples.Jobs());

        var cut = RenderCluster("old");

        Assert.Contains("Cluster old, “Dark mode is unreadable”, was merged into this one", cut.Find(".merged-note").TextContent);
        Assert.Equal("Unmerge cluster old, “Dark mode is unreadable”", cut.Find(".merged-note fluent-button").GetAttribute("aria-label"));
    }

    [Fact]
    public void A_cluster_merged_into_this_one_is_listed_as_it_was_when_merged_with_its_unmerge()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1", Samples.Detail(Samples.Cluster("c1")) with
            {
                MergedFrom = ["old", "older"],
                MergedClusters = [new MergedCluster("old", "Dark mode is unreadable", 3, Now.AddHours(-2), "alice"), new MergedCluster("older", "", 1, Now.AddHours(-5), "worker")],
            })
            .Answer(HttpMethod.Get, "/clusters/c1/jobs", Samples.Jobs());

        var cut = RenderCluster("c1");

        var listed = cut.FindAll(".merged-clusters li");
        Assert.Equal(2, listed.Count);
        Assert.Equal("Dark mode is unreadable", listed[0].QuerySelector(".merged-title")!.TextContent);
        Assert.Equal("3 reports when merged 2 h ago by alice", listed[0].QuerySelector(".merged-when")!.TextContent.Trim());
        Assert.Equal("Unmerge cluster old, “Dark mode is unreadable”", listed[0].QuerySelector("fluent-button")!.GetAttribute("aria-label"));
        // One the worker merged before it was labelled has its id instead of a title.
        Assert.Contains("Cluster older", listed[1].TextContent);
        Assert.Equal("1 report when merged 5 h ago by worker", listed[1].QuerySelector(".merged-when")!.TextContent.Trim());
        Assert.Equal("Unmerge cluster older", listed[1].QuerySelector("fluent-button")!.GetAttribute("aria-label"));
    }

    [Fact]
    public void An_id_emptied_by_moves_shows_where_its_reports_are_and_offers_no_unmerge()
    {
        Api.Answer(HttpMethod.Get, "/clusters/old", Samples.Detail(Samples.Cluster("c1")))
            .Answer(HttpMethod.Get, "/clusters/old/jobs", Samples.Jobs());

        var cut = RenderCluster("old");

        Assert.Contains("Cluster old no longer exists; its reports are here", cut.Find(".merged-note").TextContent);
        Assert.Empty(cut.FindAll(".merged-note fluent-button"));
    }

    [Fact]
    public void An_unknown_cluster_is_not_found_in_the_APIs_words()
    {
        Api.Problem(HttpMethod.Get, "/clusters/nope", 404, "Cluster not found", "There is no cluster 'nope'.")
            .Problem(HttpMethod.Get, "/clusters/nope/jobs", 404, "Cluster not found", "There is no cluster 'nope'.");

        var cut = RenderCluster("nope");

        Assert.Equal("Cluster not found", cut.Find("h1").TextContent);
        Assert.Contains("There is no cluster 'nope'.", cut.Find("[role=alert]").TextContent);
    }

    [Fact]
    public async Task A_status_change_is_shown_at_once()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1", Samples.Detail(Samples.Cluster()))
            .Answer(HttpMethod.Get, "/clusters/c1/jobs", Samples.Jobs())
            .Answer(HttpMethod.Patch, "/clusters/c1", Samples.Cluster(status: ClusterStatus.Ignored));
        var cut = RenderCluster("c1");

        await cut.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Ignore").ClickAsync(new());

        Assert.Equal("ignored", cut.Find(".cluster-meta .status-badge").TextContent.Trim());
        Assert.Equal(["Reopen", "Merge into…"], cut.FindAll(".cluster-actions fluent-button").Select(b => b.TextContent.Trim()));
    }
}

using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Dashboard.Components.Clusters;

namespace FeedbackFix.Dashboard.Tests;

public sealed class ActivityListTests : DashboardTest
{
    private static ClusterActivity Entry(ActivityType type, string by = "worker") => new() { At = Now.AddMinutes(-5), Type = type, By = by };

    [Fact]
    public void Entries_are_listed_as_the_API_orders_them_saying_what_who_through_which_key_and_when()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1/activity", new[]
        {
            Entry(ActivityType.Merged, "ada@example.com") with { Via = "dashboard", MergedFrom = "c7", Count = 3 },
            Entry(ActivityType.Joined) with { Count = 2, At = Now.AddHours(-2) },
        });

        var cut = Render<ActivityList>(p => p.Add(a => a.ClusterId, "c1"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".activity-entry").Count));
        var merged = cut.FindAll(".activity-entry")[0];
        Assert.Equal("Cluster c7 was merged into this one with 3 reports", merged.QuerySelector(".activity-what")!.TextContent);
        Assert.Equal("/clusters/c7", merged.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("by ada@example.com via dashboard · 5 min ago", Words(merged.QuerySelector(".activity-who")!.TextContent));
        Assert.Equal("2 reports joined", cut.FindAll(".activity-what")[1].TextContent);
        Assert.Equal("by worker · 2 h ago", Words(cut.FindAll(".activity-who")[1].TextContent));
    }

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Each_kind_of_entry_reads_as_a_sentence(ClusterActivity entry, string text, string? link)
    {
        var sentence = ActivitySentence.Of(entry);

        Assert.Equal(text, sentence.Before + sentence.LinkText + sentence.After);
        Assert.Equal(link, sentence.LinkHref);
    }

    public static TheoryData<ClusterActivity, string, string?> Sentences() => new()
    {
        { Entry(ActivityType.Created) with { Count = 1 }, "Cluster opened with 1 report", null },
        { Entry(ActivityType.Merged) with { MergedInto = "c2", Count = 4 }, "Merged into cluster c2 with 4 reports", "/clusters/c2" },
        { Entry(ActivityType.Unmerged) with { From = "c2", Count = 4 }, "Unmerged from cluster c2: 4 reports came back", "/clusters/c2" },
        { Entry(ActivityType.Unmerged) with { To = "c3", Count = 1 }, "Cluster c3 was unmerged from this one, taking 1 report", "/clusters/c3" },
        { Entry(ActivityType.Moved) with { To = "c2", Count = 2 }, "2 reports moved to cluster c2", "/clusters/c2" },
        { Entry(ActivityType.Moved) with { From = "c4", Count = 1 }, "1 report moved in from cluster c4", "/clusters/c4" },
        { Entry(ActivityType.Split) with { To = "c9", Count = 2 }, "2 reports split out into cluster c9", "/clusters/c9" },
        { Entry(ActivityType.Split) with { From = "c1", Count = 2 }, "Split out of cluster c1 with 2 reports", "/clusters/c1" },
        { Entry(ActivityType.Status) with { StatusFrom = ClusterStatus.FixProposed, StatusTo = ClusterStatus.Fixed }, "Status fix proposed → fixed", null },
        { Entry(ActivityType.Status) with { StatusFrom = ClusterStatus.Fixing, StatusTo = ClusterStatus.FixProposed, JobId = "j1" }, "Status fixing → fix proposed (job j1)", "/jobs/j1" },
        { Entry(ActivityType.Job) with { JobId = "j1" }, "Fix started: job j1", "/jobs/j1" },
        { Entry(ActivityType.Deleted) with { Count = 1 }, "1 report deleted", null },
        { Entry(ActivityType.Deleted, ActivityActors.Retention) with { Count = 3 }, "3 reports deleted for their age", null },
        { Entry(ActivityType.Deleted, ActivityActors.Retention) with { Count = 1 }, "1 report deleted for its age", null },
    };

    [Fact]
    public void A_cluster_without_activity_says_so()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1/activity", Array.Empty<ClusterActivity>());

        var cut = Render<ActivityList>(p => p.Add(a => a.ClusterId, "c1"));

        cut.WaitForAssertion(() => Assert.Contains("Nothing has happened to this cluster yet.", cut.Markup));
    }
}

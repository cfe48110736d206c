using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Dashboard.Components.Clusters;

namespace FeedbackFix.Dashboard.Tests;

public sealed class ClusterPickerTests : DashboardTest
{
    private static IssueCluster Other(string id, string title, long size = 4, ClusterStatus status = ClusterStatus.New) =>
        Samples.Cluster(id, status) with { Title = title, Size = size };

    [Fact]
    public void The_largest_clusters_are_offered_with_their_size_and_status_leaving_out_the_one_being_curated()
    {
        Api.Answer(HttpMethod.Get, "/clusters", new Page<IssueCluster>(
            [Other("c1", "Itself"), Other("c2", "Login loops", 12, ClusterStatus.Fixing), Other("c3", "Slow export", 1)], null));

        var cut = Render<ClusterPicker>(p => p.Add(c => c.ExcludeId, "c1"));

        cut.WaitForAssertion(() => Assert.Equal(["Login loops", "Slow export"], cut.FindAll(".picker-title").Select(t => t.TextContent)));
        Assert.Equal(["12 reports fixing", "1 report new"], cut.FindAll(".picker-meta").Select(m => string.Join(" ", m.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal("/clusters?limit=9", Api.Requests.Single().PathAndQuery);
    }

    [Fact]
    public void Typing_asks_for_the_clusters_whose_title_holds_the_text()
    {
        Api.Answer(HttpMethod.Get, "/clusters", new Page<IssueCluster>([Other("c2", "Login loops")], null));
        var cut = Render<ClusterPicker>(p => p.Add(c => c.ExcludeId, "c1"));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".picker-title")));

        cut.Find("fluent-search").Input("login");

        cut.WaitForAssertion(() => Assert.Equal("/clusters?q=login&limit=9", Api.Requests[^1].PathAndQuery));
    }

    [Fact]
    public void Choosing_a_cluster_hands_it_to_the_caller()
    {
        Api.Answer(HttpMethod.Get, "/clusters", new Page<IssueCluster>([Other("c2", "Login loops"), Other("c3", "Slow export")], null));
        IssueCluster? chosen = null;
        var cut = Render<ClusterPicker>(p => p
            .Add(c => c.ExcludeId, "c1")
            .Add(c => c.Legend, "Cluster to merge into")
            .Add(c => c.SelectedChanged, (IssueCluster? c) => chosen = c));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("input[type=radio]").Count));

        cut.Find("input[value=c3]").Change(true);

        Assert.Equal("c3", chosen?.Id);
        Assert.Equal("Cluster to merge into", cut.Find("legend").TextContent);
    }

    [Fact]
    public void A_search_that_matches_nothing_says_so()
    {
        Api.Answer(HttpMethod.Get, "/clusters", new Page<IssueCluster>([Other("c1", "Itself")], null));

        var cut = Render<ClusterPicker>(p => p.Add(c => c.ExcludeId, "c1"));

        cut.WaitForAssertion(() => Assert.Contains("There is no other cluster.", cut.Markup));
        Assert.Empty(cut.FindAll("input[type=radio]"));
    }
}

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
        Assert.Equal(["12 reports fixing", "1 report new"], cut.FindAll(".picker-meta").Select(m => Words(m.TextContent)));
        Assert.Equal("/clusters?limit=9", Api.Requests.Single().PathAndQuery);
    }

    [Fact]
    public void Suggesting_similar_clusters_offers_the_closest_in_meaning_first_with_how_alike_each_is()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1/similar", new List<SimilarCluster>
        {
            new(Other("c4", "CSV export is empty", 6), 0.874),
            new(Other("c2", "Login loops", 12, ClusterStatus.Fixing), 0.312),
        });
        Api.Answer(HttpMethod.Get, "/clusters", new Page<IssueCluster>([Other("c9", "Largest")], null));

        var cut = Render<ClusterPicker>(p => p.Add(c => c.ExcludeId, "c1").Add(c => c.SuggestSimilar, true));

        cut.WaitForAssertion(() => Assert.Equal(["CSV export is empty", "Login loops"], cut.FindAll(".picker-title").Select(t => t.TextContent)));
        Assert.Equal(["87% alike", "31% alike"], cut.FindAll(".picker-similarity").Select(s => s.TextContent));
        Assert.Equal("Closest in meaning first", cut.Find(".picker-caption").TextContent);
        Assert.Equal(["/clusters/c1/similar?limit=8"], Api.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public void Typing_searches_titles_and_emptying_the_search_offers_the_closest_again_without_asking_twice()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1/similar", new List<SimilarCluster> { new(Other("c4", "CSV export is empty"), 0.8) });
        Api.Answer(HttpMethod.Get, "/clusters", new Page<IssueCluster>([Other("c2", "Login loops")], null));
        var cut = Render<ClusterPicker>(p => p.Add(c => c.ExcludeId, "c1").Add(c => c.SuggestSimilar, true));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".picker-similarity")));

        cut.Find("fluent-search").Input("login");
        cut.WaitForAssertion(() => Assert.Equal(["Login loops"], cut.FindAll(".picker-title").Select(t => t.TextContent)));
        Assert.Empty(cut.FindAll(".picker-similarity"));
        cut.Find("fluent-search").Input("");

        cut.WaitForAssertion(() => Assert.Equal(["CSV export is empty"], cut.FindAll(".picker-title").Select(t => t.TextContent)));
        Assert.Single(Api.Requests, r => r.PathAndQuery.StartsWith("/clusters/c1/similar", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Without_similar_clusters_to_offer_the_largest_are_offered(bool apiAnswers)
    {
        if (apiAnswers)
        {
            Api.Answer(HttpMethod.Get, "/clusters/c1/similar", new List<SimilarCluster>());
        }
        else
        {
            Api.Problem(HttpMethod.Get, "/clusters/c1/similar", 503, "Service unavailable");
        }
        Api.Answer(HttpMethod.Get, "/clusters", new Page<IssueCluster>([Other("c2", "Login loops", 12)], null));

        var cut = Render<ClusterPicker>(p => p.Add(c => c.ExcludeId, "c1").Add(c => c.SuggestSimilar, true));

        cut.WaitForAssertion(() => Assert.Equal(["Login loops"], cut.FindAll(".picker-title").Select(t => t.TextContent)));
        Assert.Empty(cut.FindAll(".picker-caption"));
        Assert.Empty(cut.FindAll(".problem-bar"));
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

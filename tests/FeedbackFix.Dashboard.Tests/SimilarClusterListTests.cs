using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Dashboard.Components.Clusters;

namespace FeedbackFix.Dashboard.Tests;

public sealed class SimilarClusterListTests : DashboardTest
{
    [Fact]
    public void The_closest_clusters_are_listed_as_the_API_orders_them_each_linked_with_how_alike_its_size_and_status()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1/similar", new List<SimilarCluster>
        {
            new(Samples.Cluster("c4", ClusterStatus.New) with { Title = "CSV export is empty", Size = 6 }, 0.874),
            new(Samples.Cluster("c2", ClusterStatus.Fixing) with { Title = "Login loops", Size = 1 }, 0.31),
        });

        var cut = Render<SimilarClusterList>(p => p.Add(s => s.ClusterId, "c1"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".similar-cluster").Count));
        Assert.Equal(["/clusters/c4", "/clusters/c2"], cut.FindAll(".similar-cluster a").Select(a => a.GetAttribute("href")));
        Assert.Equal(["CSV export is empty", "Login loops"], cut.FindAll(".similar-cluster a").Select(a => a.TextContent));
        Assert.Equal(["87% alike · 6 reports new", "31% alike · 1 report fixing"], cut.FindAll(".similar-cluster .meta").Select(m => Words(m.TextContent)));
        Assert.Equal("/clusters/c1/similar?limit=5", Api.Requests.Single().PathAndQuery);
    }

    [Fact]
    public void With_none_it_says_why_there_may_be_none()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1/similar", new List<SimilarCluster>());

        var cut = Render<SimilarClusterList>(p => p.Add(s => s.ClusterId, "c1"));

        cut.WaitForAssertion(() => Assert.Contains("No other cluster yet, or this one is still being placed.", cut.Markup));
    }

    [Fact]
    public void A_refusal_is_shown_in_the_apis_words()
    {
        Api.Problem(HttpMethod.Get, "/clusters/c1/similar", 503, "Service unavailable", "Redis is not reachable.");

        var cut = Render<SimilarClusterList>(p => p.Add(s => s.ClusterId, "c1"));

        cut.WaitForAssertion(() => Assert.Contains("Redis is not reachable.", cut.Find(".problem-bar").TextContent));
        Assert.Empty(cut.FindAll(".similar-cluster"));
    }
}

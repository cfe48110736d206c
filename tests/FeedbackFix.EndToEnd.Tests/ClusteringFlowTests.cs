using System.Net;
using System.Text.Json;

namespace FeedbackFix.EndToEnd.Tests;

[Collection(AppHostCollection.Name)]
public sealed class ClusteringFlowTests(AppHostFixture system)
{
    private static readonly TimeSpan GroupedWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Three_reports_of_one_problem_are_grouped_and_two_others_stay_apart()
    {
        string[] sameProblem =
        [
            "Downloading the PDF invoice does nothing when I click the button in Firefox",
            "The invoice PDF download button is dead in Firefox, nothing happens on click",
            "Clicking 'download invoice as PDF' has no effect in Firefox",
        ];
        string[] others =
        [
            "Password reset emails never arrive in my inbox",
            "Please add a way to export my workout history to a spreadsheet",
        ];

        var ids = new List<string>();
        foreach (var text in sameProblem.Concat(others))
        {
            var response = await system.Api.PostAsync("/ingest/manual", Json.Body(new { title = text, external_id = Json.Unique("e2e-cluster") }));
            // 200 is the same report stored once: sent again after a 503 (RetryWhenUnavailable) whose add had gone through.
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK });
            ids.Add((await Json.ReadAsync(response)).Str("id"));
        }

        var clusterOf = await system.WaitForClustersAsync(ids, GroupedWithin);

        var grouped = clusterOf[ids[0]];
        Assert.Equal(grouped, clusterOf[ids[1]]);
        Assert.Equal(grouped, clusterOf[ids[2]]);
        Assert.NotEqual(grouped, clusterOf[ids[3]]);
        Assert.NotEqual(grouped, clusterOf[ids[4]]);
        Assert.NotEqual(clusterOf[ids[3]], clusterOf[ids[4]]);
        var cluster = await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{grouped}"));
        Assert.True(cluster.GetProperty("size").GetInt64() >= 3);
        Assert.False(string.IsNullOrWhiteSpace(cluster.Str("title")));
        var listed = await Json.ReadAsync(await system.Api.GetAsync("/clusters?limit=200"));
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), c => c.Str("id") == grouped);
    }

    [Fact]
    public async Task Similar_clusters_through_the_gateway_come_from_the_clustering_service_nearest_first_never_the_cluster_itself()
    {
        string[] themes =
        [
            "The mobile app crashes as soon as I open the camera to scan a receipt",
            "Dark mode makes the settings text unreadable grey on grey",
        ];
        var ids = new List<string>();
        foreach (var text in themes)
        {
            var response = await system.Api.PostAsync("/ingest/manual", Json.Body(new { title = text, external_id = Json.Unique("e2e-similar") }));
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK });
            ids.Add((await Json.ReadAsync(response)).Str("id"));
        }
        var clusterOf = await system.WaitForClustersAsync(ids, GroupedWithin);
        var asked = clusterOf[ids[0]];

        var answer = await system.Api.GetAsync($"/clusters/{asked}/similar?limit=20");
        var refused = await system.Api.GetAsync($"/clusters/{asked}/similar?limit=21");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var similar = (await Json.ReadAsync(answer)).EnumerateArray().ToList();
        Assert.NotEmpty(similar);
        Assert.DoesNotContain(asked, similar.Select(c => c.Str("id")));
        var similarities = similar.Select(c => c.GetProperty("similarity").GetDouble()).ToList();
        Assert.Equal(similarities.OrderDescending(), similarities);
        Assert.All(similar, c => Assert.False(string.IsNullOrWhiteSpace(c.Str("title"))));
        // The clustering service's own validation, which the clusters service does not have.
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await Json.ReadAsync(refused)).GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task Clustering_run_needs_the_admin_key_and_requeues_the_unclustered()
    {
        using var withoutAdmin = new HttpRequestMessage(HttpMethod.Post, "/clustering/run");
        using var withAdmin = new HttpRequestMessage(HttpMethod.Post, "/clustering/run");
        withAdmin.Headers.Add("X-Admin-Key", AppHostFixture.AdminKey);

        var refused = await system.Api.SendAsync(withoutAdmin);
        var accepted = await system.Api.SendAsync(withAdmin);

        await Problems.AssertProblemAsync(refused, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.True((await Json.ReadAsync(accepted)).GetProperty("enqueued").GetInt64() >= 0);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FeedbackFix.TestSupport;

namespace FeedbackFix.EndToEnd.Tests;

/// <summary>
/// People correct the clustering through the gateway and it stays corrected while the clustering
/// worker goes on; a fix follows its pull request to fixed, and a later report marks it regressed.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class CurationFlowTests(AppHostFixture system)
{
    /// <summary>The API key's name the gateway forwards as the caller for <see cref="AppHostFixture.ApiKey"/>.</summary>
    private const string Caller = "default";

    private static readonly TimeSpan ClusteredWithin = TimeSpan.FromSeconds(60);

    // Refinement runs at the worker's RefineInterval once reports arrived (section "Clustering" of docs/architecture.md).
    private static readonly TimeSpan RefinedWithin = TimeSpan.FromSeconds(120);

    private static readonly string[] MapFreezes =
    [
        "The map freezes whenever I pinch to zoom",
        "Zooming in on the map makes the app hang",
        "Map screen becomes unresponsive after I zoom out",
        "Pinch zoom on the map locks up the whole app",
    ];

    private static readonly string[] ChargedTwice =
    [
        "I was charged twice for my subscription renewal",
        "Double charge on my credit card when the subscription renewed",
        "Subscription renewed and I got billed twice",
        "Renewal of my subscription took the payment twice",
    ];

    [Fact]
    public async Task A_merge_holds_through_the_worker_unmerge_restores_a_moved_report_stays_and_the_activity_names_who_did_each_step()
    {
        await using var refinements = await system.CountLogLinesAsync("clustering", "Refined clusters in");
        var maps = await IngestAsync(MapFreezes);
        var charges = await IngestAsync(ChargedTwice);
        var clusterOf = await system.WaitForClustersAsync([.. maps, .. charges], ClusteredWithin);
        var mapCluster = Assert.Single(maps.Select(id => clusterOf[id]).Distinct());
        var chargeCluster = Assert.Single(charges.Select(id => clusterOf[id]).Distinct());
        Assert.NotEqual(mapCluster, chargeCluster);

        // Merge, then the worker runs and more reports on both themes arrive.
        var merged = await system.Api.PostAsync($"/clusters/{mapCluster}/merge", Json.Body(new { into = chargeCluster }));
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        Assert.Equal(chargeCluster, (await Json.ReadAsync(merged)).Str("id"));
        Assert.Equal(HttpStatusCode.Accepted, (await RunClusteringAsync()).StatusCode);
        var laterMaps = await IngestAsync(["The app hangs when I zoom the map", "Map stops responding while zooming in"]);
        var laterCharges = await IngestAsync(["My yearly plan renewal billed my card two times", "Charged two times for the same subscription renewal"]);

        var laterClusters = await system.WaitForClustersAsync([.. laterMaps, .. laterCharges], ClusteredWithin);
        Assert.All(laterClusters.Values, cluster => Assert.Equal(chargeCluster, cluster));
        Assert.All(await ClustersOfAsync(maps), cluster => Assert.Equal(chargeCluster, cluster));
        var mergedAway = await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{mapCluster}"));
        Assert.Equal(chargeCluster, mergedAway.Str("id"));
        Assert.Contains(mapCluster, mergedAway.GetProperty("merged_from").EnumerateArray().Select(id => id.GetString()));

        // Unmerge brings the old cluster back with the reports it had.
        var unmerged = await system.Api.PostAsync($"/clusters/{mapCluster}/unmerge", null);
        Assert.Equal(HttpStatusCode.OK, unmerged.StatusCode);
        Assert.Equal(mapCluster, (await Json.ReadAsync(unmerged)).Str("id"));
        Assert.All(await ClustersOfAsync(maps), cluster => Assert.Equal(mapCluster, cluster));
        Assert.All(await ClustersOfAsync(charges), cluster => Assert.Equal(chargeCluster, cluster));

        // A report a person moves stays where it was put through the worker's refinement passes.
        var moved = charges[0];
        var move = await system.Api.PostAsync($"/clusters/{mapCluster}/items", Json.Body(new { feedback_ids = new[] { moved } }));
        Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        var passesBefore = refinements.Count;
        for (var pass = 1; pass <= 2; pass++)
        {
            // A refinement is due once reports arrived since the last one.
            await system.WaitForClustersAsync(await IngestAsync(["Subscription renewal charged me twice this month"]), ClusteredWithin);
            await Eventually.TrueAsync(() => refinements.Count >= passesBefore + pass, RefinedWithin, $"refinement pass {pass} after the move");
        }
        Assert.Equal([mapCluster], await ClustersOfAsync([moved]));

        // The activity tells each step with who did it, newest first.
        var mapSteps = (await ActivityAsync(mapCluster)).Where(a => a.Str("type") != "joined").ToList();
        Assert.Equal(
            [("moved", Caller), ("unmerged", Caller), ("merged", Caller), ("created", "worker")],
            mapSteps.Select(a => (a.Str("type"), a.Str("by"))));
        Assert.Equal([moved], mapSteps[0].GetProperty("feedback_ids").EnumerateArray().Select(id => id.GetString()));
        Assert.Equal(chargeCluster, mapSteps[2].Str("merged_into"));
        var chargeSteps = await ActivityAsync(chargeCluster);
        Assert.Equal(
            [("moved", Caller), ("unmerged", Caller), ("merged", Caller), ("created", "worker")],
            chargeSteps.Where(a => a.Str("type") != "joined").Select(a => (a.Str("type"), a.Str("by"))));
        var mergeEntry = chargeSteps.FindIndex(a => a.Str("type") == "merged");
        Assert.Equal(mapCluster, chargeSteps[mergeEntry].Str("merged_from"));
        var joinedSinceMerge = chargeSteps.Take(mergeEntry).Where(a => a.Str("type") == "joined").ToList();
        Assert.All(joinedSinceMerge, a => Assert.Equal("worker", a.Str("by")));
        Assert.True(joinedSinceMerge.Sum(a => a.GetProperty("count").GetInt64()) >= laterClusters.Count,
            "the reports that joined after the merge are in the target's activity");
    }

    [Fact]
    public async Task A_signed_merged_pull_request_moves_its_cluster_to_fixed_and_a_later_report_marks_it_regressed()
    {
        var reports = await IngestAsync(
        [
            "Outlook calendar sync duplicates every meeting",
            "Every meeting appears twice after syncing my Outlook calendar",
            "Syncing with Outlook creates duplicate calendar events",
        ]);
        var clusterId = Assert.Single((await system.WaitForClustersAsync(reports, ClusteredWithin)).Values.Distinct());
        var created = await system.Api.PostAsync("/jobs", Json.Body(new { cluster_id = clusterId, github_repo_url = AppHostFixture.RepoUrl }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var job = await Json.ReadAsync(created);
        var (jobId, token) = (job.Str("id"), job.Str("token"));
        var number = Random.Shared.NextInt64(100_000, 1_000_000_000);
        Assert.Equal(HttpStatusCode.OK, (await ReportAsync(jobId, token, new { status = "running" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReportAsync(jobId, token, new { status = "succeeded", pr_url = $"{AppHostFixture.RepoUrl}/pull/{number}" })).StatusCode);
        Assert.Equal("fix_proposed", await StatusOfAsync(clusterId));

        var delivery = await system.Anonymous.SendAsync(PullRequestDelivery(number, merged: true));

        Assert.Equal(HttpStatusCode.Accepted, delivery.StatusCode);
        await Eventually.TrueAsync(async () => await StatusOfAsync(clusterId) == "fixed", ClusteredWithin, $"cluster {clusterId} to be fixed");
        var later = await IngestAsync(["Outlook calendar sync shows each meeting two times"]);
        Assert.Equal(clusterId, (await system.WaitForClustersAsync(later, ClusteredWithin))[later[0]]);
        await Eventually.TrueAsync(async () => await StatusOfAsync(clusterId) == "regressed", ClusteredWithin, $"cluster {clusterId} to be regressed");

        var moves = (await ActivityAsync(clusterId))
            .Where(a => a.Str("type") is "status" or "job")
            .Select(a => (a.Str("type"), a.Str("by"), a.Str("status_to"), a.TryGetProperty("job_id", out var id) ? id.GetString() : null));
        Assert.Equal(
        [
            ("status", "worker", "regressed", null),
            ("status", "github", "fixed", jobId),
            ("status", "agent", "fix_proposed", jobId),
            ("job", Caller, "fixing", jobId),
        ], moves);
    }

    private async Task<List<string>> IngestAsync(IEnumerable<string> titles)
    {
        var ids = new List<string>();
        foreach (var title in titles)
        {
            var response = await system.Api.PostAsync("/ingest/manual", Json.Body(new { title, external_id = Json.Unique("e2e-curation") }));
            // 200 is the same report stored once: sent again after a 503 (RetryWhenUnavailable) whose add had gone through.
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK });
            ids.Add((await Json.ReadAsync(response)).Str("id"));
        }
        return ids;
    }

    private async Task<List<string>> ClustersOfAsync(IEnumerable<string> feedbackIds)
    {
        var clusters = new List<string>();
        foreach (var id in feedbackIds)
        {
            clusters.Add((await Json.ReadAsync(await system.Api.GetAsync($"/feedback/{id}"))).Str("cluster_id"));
        }
        return clusters;
    }

    private async Task<List<JsonElement>> ActivityAsync(string clusterId)
    {
        var response = await system.Api.GetAsync($"/clusters/{clusterId}/activity");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await Json.ReadAsync(response)).EnumerateArray()];
    }

    private async Task<string> StatusOfAsync(string clusterId) =>
        (await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{clusterId}"))).Str("status");

    private Task<HttpResponseMessage> RunClusteringAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/clustering/run");
        request.Headers.Add("X-Admin-Key", AppHostFixture.AdminKey);
        return system.Api.SendAsync(request);
    }

    // The agent has only its job token: no API key.
    private Task<HttpResponseMessage> ReportAsync(string jobId, string token, object report)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/jobs/{jobId}") { Content = Json.Body(report) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return system.Anonymous.SendAsync(request);
    }

    // GitHub's pull_request delivery for the fix repository's pull request, signed with the webhook secret.
    private static HttpRequestMessage PullRequestDelivery(long number, bool merged)
    {
        var body = JsonSerializer.Serialize(new
        {
            action = "closed",
            number,
            pull_request = new { number, merged, updated_at = DateTimeOffset.UtcNow, html_url = $"{AppHostFixture.RepoUrl}/pull/{number}" },
            repository = new { full_name = "acme/widgets" },
        });
        var signature = "sha256=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppHostFixture.GitHubSecret), Encoding.UTF8.GetBytes(body)));
        var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/github") { Content = Json.Body(body) };
        request.Headers.Add("X-GitHub-Event", "pull_request");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", signature);
        return request;
    }
}

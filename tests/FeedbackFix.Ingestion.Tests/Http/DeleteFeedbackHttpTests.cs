using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Ingestion.Tests.Support;

namespace FeedbackFix.Ingestion.Tests.Http;

[Collection(IngestionAppCollection.Name)]
public sealed class DeleteFeedbackHttpTests(IngestionApp app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_deleted_report_is_gone_from_its_cluster_whose_counts_and_activity_follow()
    {
        var kept = await IngestAsync(Unique.Token());
        var deleted = await IngestAsync(Unique.Token());
        var clusters = new ClusterStore(app.Redis.Connection, new FeedbackStore(app.Redis.Connection, TimeProvider.System), TimeProvider.System);
        var cluster = await clusters.CreateAsync(new NewCluster("Login fails", "Two reports.", [kept, deleted]));

        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/feedback/{deleted}");
        request.Headers.Add("X-FeedbackFix-Caller", "privacy-desk");
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/feedback/{deleted}")).StatusCode);
        var after = await clusters.GetAsync(cluster.Id);
        Assert.Equal((1L, 1L), (after!.Size, after.Sources["manual"]));
        Assert.Equal(1, after.DailyCounts.Sum());
        var entry = JsonSerializer.Deserialize((await app.Redis.Connection.GetDatabase().ListGetByIndexAsync($"cluster:activity:{cluster.Id}", 0)).ToString(),
            ApiJsonContext.Default.ClusterActivity)!;
        Assert.Equal((ActivityType.Deleted, "privacy-desk", 1L), (entry.Type, entry.By, entry.Count));
    }

    [Fact]
    public async Task A_deleted_report_sent_again_from_its_source_is_a_duplicate_that_says_it_was_deleted_and_is_not_stored()
    {
        var externalId = Unique.Token();
        var deleted = await IngestAsync(externalId);
        var liveExternalId = Unique.Token();
        await IngestAsync(liveExternalId);
        (await _client.DeleteAsync($"/feedback/{deleted}")).EnsureSuccessStatusCode();

        var again = await HttpAssert.JsonAsync(
            await _client.PostAsJsonAsync("/ingest/manual", new { title = "Buy cheap watches", external_id = externalId }), HttpStatusCode.OK);

        Assert.Equal((deleted, true, true), (again.GetProperty("id").GetString(), again.GetProperty("duplicate").GetBoolean(), again.GetProperty("deleted").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/feedback/{deleted}")).StatusCode);
        Assert.False(await app.Redis.Connection.GetDatabase().KeyExistsAsync($"feedback:{deleted}"));
        var liveAgain = await HttpAssert.JsonAsync(await _client.PostAsJsonAsync("/ingest/manual", new { title = "Buy cheap watches", external_id = liveExternalId }), HttpStatusCode.OK);
        Assert.False(liveAgain.TryGetProperty("deleted", out _));
    }

    [Fact]
    public async Task Deleting_an_unknown_report_answers_404()
    {
        var response = await _client.DeleteAsync($"/feedback/{Unique.Token()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("unclustered")]
    public async Task A_report_id_spelled_like_an_index_names_no_report_and_answers_404(string id)
    {
        await IngestAsync(Unique.Token());   // feedback:all and feedback:unclustered now hold it

        var read = await _client.GetAsync($"/feedback/{id}");
        var delete = await _client.DeleteAsync($"/feedback/{id}");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound], [read.StatusCode, delete.StatusCode]);
    }

    private async Task<string> IngestAsync(string externalId)
    {
        var created = await HttpAssert.JsonAsync(
            await _client.PostAsJsonAsync("/ingest/manual", new { title = "Buy cheap watches", external_id = externalId }), HttpStatusCode.Created);
        return created.GetProperty("id").GetString()!;
    }
}

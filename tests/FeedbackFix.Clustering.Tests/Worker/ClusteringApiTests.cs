using System.Net;
using System.Text.Json;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class ClusteringApiTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not-the-admin-key-0123456789", HttpStatusCode.Forbidden)]
    [InlineData(WorkerHost.AdminKey, HttpStatusCode.Accepted)]
    public async Task Clustering_run_answers_by_the_admin_key(string? adminKey, HttpStatusCode expected)
    {
        await using var host = new WorkerHost(redis.ConnectionString, "api-" + (int)expected).Start();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/clustering/run");
        if (adminKey is not null)
        {
            request.Headers.Add("X-Admin-Key", adminKey);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (expected == HttpStatusCode.Accepted)
        {
            Assert.True(body.RootElement.GetProperty("enqueued").GetInt64() >= 0);
        }
        else
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("X-Admin-Key", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Clustering_run_puts_a_report_whose_entry_was_lost_through_the_embedders_to_the_writer_into_a_cluster()
    {
        await using var own = new RedisServer();
        await own.InitializeAsync();
        var db = own.Connection.GetDatabase();
        var id = (await new FeedbackStore(own.Connection, TimeProvider.System).AddAsync(ClusteringState.Report("the invoice pdf will not download"), null)).Id;
        // Its stream entry is gone (trimmed, or dead-lettered in an outage): nothing would cluster it.
        await db.StreamTrimAsync("stream:feedback", 0);
        await using var host = new WorkerHost(own.ConnectionString, "api-run").Start();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/clustering/run");
        request.Headers.Add("X-Admin-Key", WorkerHost.AdminKey);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, body.RootElement.GetProperty("enqueued").GetInt64());
        await ClusteringState.WaitUntilClusteredAsync(db, [id], TimeSpan.FromSeconds(60));
    }
}

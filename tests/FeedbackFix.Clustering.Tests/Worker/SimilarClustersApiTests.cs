using System.Net;
using System.Text.Json;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>GET /clusters/{id}/similar on the real service, over clusters its own worker made.</summary>
public sealed class SimilarClustersApiTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task The_clusters_nearest_to_one_the_worker_made_come_nearest_first_with_their_fields_and_never_itself()
    {
        await using var own = new RedisServer();
        await own.InitializeAsync();
        var feedback = new FeedbackStore(own.Connection, TimeProvider.System);
        var reports = await feedback.AddManyAsync([
            ClusteringState.Report("CSV export downloads an empty file"),
            ClusteringState.Report("CSV export downloads an empty file again"),
            ClusteringState.Report("Dark mode text is unreadable on the settings page"),
            ClusteringState.Report("Login with Google loops back to the sign-in page"),
        ], null);
        await using var host = new WorkerHost(own.ConnectionString, "similar").Start();
        var db = own.Connection.GetDatabase();
        await ClusteringState.WaitUntilClusteredAsync(db, [.. reports.Select(r => r.Id)], TimeSpan.FromSeconds(60));
        var asked = (await feedback.GetAsync(reports[0].Id))!.ClusterId!;

        var response = await host.CreateClient().GetAsync($"/clusters/{asked}/similar?limit=20");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var found = body.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(found);
        Assert.DoesNotContain(asked, found.Select(c => c.GetProperty("id").GetString()));
        var similarities = found.Select(c => c.GetProperty("similarity").GetDouble()).ToList();
        Assert.Equal(similarities.OrderDescending(), similarities);
        Assert.All(similarities, s => Assert.InRange(s, -1, 1));
        Assert.All(found, c => Assert.False(string.IsNullOrEmpty(c.GetProperty("title").GetString())));
        Assert.All(found, c => Assert.True(c.GetProperty("size").GetInt64() >= 1));
    }

    [Theory]
    [InlineData("/clusters/{cluster}/similar?limit=0", HttpStatusCode.BadRequest, "limit")]
    [InlineData("/clusters/{cluster}/similar?limit=21", HttpStatusCode.BadRequest, "limit")]
    [InlineData("/clusters/{cluster}/similar?limit=five", HttpStatusCode.BadRequest, "limit")]
    [InlineData("/clusters/bad!id/similar", HttpStatusCode.BadRequest, "id")]
    [InlineData("/clusters/no-such-cluster/similar", HttpStatusCode.NotFound, null)]
    public async Task Bad_input_is_a_problem_naming_the_field(string path, HttpStatusCode status, string? field)
    {
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var report = await feedback.AddAsync(ClusteringState.Report("The invoice PDF is blank"), null);
        var cluster = await new ClusterStore(redis.Connection, feedback, TimeProvider.System).CreateAsync(new NewCluster("Invoices", "s", [report.Id]));
        await using var host = new WorkerHost(redis.ConnectionString, "similar-bad-input").Start();

        var response = await host.CreateClient().GetAsync(path.Replace("{cluster}", cluster.Id, StringComparison.Ordinal));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (field is not null)
        {
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
        }
    }
}

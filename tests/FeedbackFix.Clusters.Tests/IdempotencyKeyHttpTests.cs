using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace FeedbackFix.Clusters.Tests;

/// <summary>Idempotency-Key on start_fix: a retried Generate Fix makes one job.</summary>
public sealed class IdempotencyKeyHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    [Fact]
    public async Task A_repeated_start_fix_with_the_same_key_answers_the_first_202_and_makes_one_job()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");
        var key = Guid.NewGuid().ToString();

        var first = await app.Client.SendAsync(StartFix(cluster.Id, key));
        var firstBody = await first.Content.ReadAsStringAsync();
        var second = await app.Client.SendAsync(StartFix(cluster.Id, key));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var jobs = await app.Jobs.ListForClusterAsync(cluster.Id, null, 10);
        var job = Assert.Single(jobs.Items);
        Assert.Equal($"/jobs/{job.Id}", second.Headers.Location!.OriginalString);
        var entries = await app.Redis.Connection.GetDatabase().StreamRangeAsync("stream:jobs");
        Assert.Single(entries, e => e["job_id"] == job.Id);
    }

    [Fact]
    public async Task Start_fix_without_a_key_still_refuses_a_second_job()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");

        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null)).StatusCode);
    }

    [Fact]
    public async Task Start_fix_with_a_malformed_key_is_400_naming_the_header_and_makes_no_job()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");

        var response = await app.Client.SendAsync(StartFix(cluster.Id, "not a key"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.NotNull(problem["errors"]!["Idempotency-Key"]);
        Assert.Empty((await app.Jobs.ListForClusterAsync(cluster.Id, null, 10)).Items);
    }

    [Fact]
    public async Task The_api_description_names_the_header_on_start_fix()
    {
        var document = await app.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        var parameters = document!["paths"]!["/clusters/{id}/start_fix"]!["post"]!["parameters"]!.AsArray();
        var header = Assert.Single(parameters, p => p!["name"]!.GetValue<string>() == "Idempotency-Key");
        Assert.Equal("header", header!["in"]!.GetValue<string>());
        Assert.False(header["required"]?.GetValue<bool>() ?? false);
    }

    private static HttpRequestMessage StartFix(string clusterId, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/clusters/{clusterId}/start_fix")
        {
            Content = new StringContent("""{"instructions": "Keep the change small."}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FeedbackFix.Clusters.Tests;

/// <summary>The service's API description says what every answer holds: nothing the API may leave out is required.</summary>
public sealed class ApiDescriptionHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    [Fact]
    public async Task A_member_the_api_leaves_out_when_null_is_not_required_and_one_always_written_is()
    {
        var document = (await app.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var logs = document["paths"]!["/jobs/{id}/logs"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;

        var feedback = Required(document["components"]!["schemas"]!["FeedbackItem"]!);
        Assert.Superset(new HashSet<string> { "id", "source", "title", "body", "created_at", "ingested_at" }, feedback);
        Assert.Empty(feedback.Intersect(["external_id", "url", "author", "cluster_id", "metadata"]));
        Assert.Equal(["lines", "next_after"], Required(logs).Order());
    }

    private static HashSet<string> Required(JsonNode schema) =>
        [.. schema["required"]?.AsArray().Select(n => n!.GetValue<string>()) ?? []];
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Ingestion.Apis;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Ingestion.Tests.Http;

/// <summary>The service's API description names every answer an operation gives.</summary>
[Collection(IngestionAppCollection.Name)]
public sealed class ApiDescriptionHttpTests(IngestionApp app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Every_parameter_says_what_it_takes_with_the_limits_the_service_applies()
    {
        var document = (await _client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        var undescribed = ApiDocuments.UndescribedParameters(document);
        Assert.True(undescribed.Count == 0, "Parameters without a description: " + string.Join(", ", undescribed));
        var limit = document["paths"]!["/feedback"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "limit")!;
        Assert.Contains($"from 1 to {PageCursor.MaxLimit}; {FeedbackApi.DefaultLimit} unless given", limit["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_values_are_described_as_what_they_take_not_as_any_text()
    {
        var document = (await _client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        Assert.Empty(ApiDocuments.BareTextQueryParameters(document, "cursor"));
        Assert.Equal(["reddit", "sentry", "github", "manual"],
            ApiDocuments.QuerySchema(document, "/feedback", "source")["enum"]!.AsArray().Select(name => name!.GetValue<string>()));
        Assert.Equal("boolean", ApiDocuments.QuerySchema(document, "/feedback", "unclustered")["type"]!.GetValue<string>());
        Assert.Equal(FeedbackApi.DefaultLimit, ApiDocuments.QuerySchema(document, "/feedback", "limit")["default"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_repository_mapping_answers_describe_the_ETag_a_change_names_in_If_Match()
    {
        var document = (await _client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        foreach (var method in new[] { "get", "put" })
        {
            var etag = document["paths"]!["/config/repositories"]![method]!["responses"]!["200"]!["headers"]?["ETag"];
            Assert.NotNull(etag);
            Assert.Contains("If-Match", etag["description"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        // The version is the answer's; a change names the one it was made from in If-Match.
        Assert.True(document["components"]!["schemas"]!["RepositoryMapping"]!["properties"]!["version"]!["readOnly"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_headers_every_webhook_delivery_carries_are_required()
    {
        var document = (await _client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        Assert.Equal(["Sentry-Hook-Resource", "Sentry-Hook-Signature", "Sentry-Hook-Timestamp"], RequiredHeaders(document, WebhookApi.SentryPath));
        Assert.Equal(["X-GitHub-Event", "X-Hub-Signature-256"], RequiredHeaders(document, WebhookApi.GitHubPath));
    }

    private static IEnumerable<string> RequiredHeaders(JsonObject document, string path) =>
        document["paths"]![path]!["post"]!["parameters"]!.AsArray()
            .Where(p => p!["in"]!.GetValue<string>() == "header" && p["required"]?.GetValue<bool>() == true)
            .Select(p => p!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal);

    [Fact]
    public async Task A_status_answered_with_bodies_of_two_types_describes_both()
    {
        var document = (await _client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        foreach (var status in new[] { "200", "201" })
        {
            var schema = document["paths"]!["/ingest/reddit"]!["post"]!["responses"]![status]!["content"]!["application/json"]!["schema"]!;
            var required = schema["oneOf"]!.AsArray().Select(s => string.Join(",", s!["required"]!.AsArray().Select(r => r!.GetValue<string>()))).Order();
            Assert.Equal(["id,duplicate", "results,created,duplicates"], required);
        }
    }

    [Fact]
    public async Task An_operation_that_takes_a_body_describes_413_and_415_and_one_that_does_not_neither()
    {
        var document = (await _client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        var manual = document["paths"]!["/ingest/manual"]!["post"]!["responses"]!.AsObject();
        Assert.Equal("application/problem+json", manual["415"]!["content"]!.AsObject().Single().Key);
        Assert.True(manual.ContainsKey("413"));
        var list = document["paths"]!["/feedback"]!["get"]!["responses"]!.AsObject();
        Assert.False(list.ContainsKey("413") || list.ContainsKey("415"));
    }

    [Fact]
    public async Task A_request_member_the_service_refuses_to_go_without_is_required_and_the_others_are_not()
    {
        var document = (await _client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        var manual = document["components"]!["schemas"]!["ManualFeedbackRequest"]!;
        Assert.Equal(["title"], manual["required"]!.AsArray().Select(r => r!.GetValue<string>()));
    }
}

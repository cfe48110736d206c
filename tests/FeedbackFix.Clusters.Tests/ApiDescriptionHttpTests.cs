using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Clusters.Apis;
using FeedbackFix.Clusters.Validation;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clusters.Tests;

/// <summary>The service's API description says what every answer holds: nothing the API may leave out is required.</summary>
public sealed class ApiDescriptionHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    [Fact]
    public async Task Every_parameter_says_what_it_takes_with_the_limits_the_service_applies()
    {
        var document = (await app.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        var undescribed = ApiDocuments.UndescribedParameters(document);
        Assert.True(undescribed.Count == 0, "Parameters without a description: " + string.Join(", ", undescribed));
        var limit = document["paths"]!["/jobs"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "limit")!;
        Assert.Contains($"from 1 to {PageCursor.MaxLimit}; {FieldErrorsExtensions.DefaultPageSize} unless given", limit["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var itemsLimit = document["paths"]!["/clusters/{id}"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "items_limit")!;
        Assert.Contains($"from 1 to {PageCursor.MaxLimit}; {FieldErrorsExtensions.DefaultPageSize} unless given", itemsLimit["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var logLimit = document["paths"]!["/jobs/{id}/logs"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "limit")!;
        Assert.Contains($"from 1 to {JobsApi.MaxLogLimit}; {JobsApi.DefaultLogLimit} unless given", logLimit["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_values_are_described_as_what_they_take_not_as_any_text()
    {
        var document = (await app.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        Assert.Empty(ApiDocuments.BareTextQueryParameters(document, "q", "cursor", "items_cursor", "after"));
        var sort = ApiDocuments.QuerySchema(document, "/clusters", "sort");
        Assert.Equal(Enum.GetValues<ClusterSort>().Select(value => value.ToApiName()), sort["enum"]!.AsArray().Select(name => name!.GetValue<string>()));
        Assert.Equal("size", sort["default"]!.GetValue<string>());
        var limit = ApiDocuments.QuerySchema(document, "/clusters", "limit");
        Assert.Equal("integer", limit["type"]!.GetValue<string>());
        Assert.Equal(1, limit["minimum"]!.GetValue<int>());
        Assert.Equal(PageCursor.MaxLimit, limit["maximum"]!.GetValue<int>());
        Assert.Equal(FieldErrorsExtensions.DefaultPageSize, limit["default"]!.GetValue<int>());
        var minSize = ApiDocuments.QuerySchema(document, "/clusters", "min_size");
        Assert.Equal(1, minSize["minimum"]!.GetValue<int>());
        Assert.Null(minSize["maximum"]);
        Assert.Equal(Enum.GetValues<JobStatus>().Select(value => value.ToApiName()),
            ApiDocuments.QuerySchema(document, "/jobs", "status")["enum"]!.AsArray().Select(name => name!.GetValue<string>()));
        var follow = ApiDocuments.QuerySchema(document, "/jobs/{id}/logs", "follow");
        Assert.Equal("boolean", follow["type"]!.GetValue<string>());
        Assert.False(follow["default"]!.GetValue<bool>());
        Assert.Equal(JobsApi.MaxLogLimit, ApiDocuments.QuerySchema(document, "/jobs/{id}/logs", "limit")["maximum"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_member_the_api_leaves_out_when_null_is_not_required_and_one_always_written_is()
    {
        var document = (await app.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var logs = document["paths"]!["/jobs/{id}/logs"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;

        var feedback = Required(document["components"]!["schemas"]!["FeedbackItem"]!);
        Assert.Superset(new HashSet<string> { "id", "source", "title", "body", "created_at", "ingested_at" }, feedback);
        Assert.Empty(feedback.Intersect(["external_id", "url", "author", "cluster_id", "metadata"]));
        Assert.Equal(["lines", "next_after"], Required(logs).Order());
        // Members that cannot be null are always written, so a client may count on them.
        Assert.Contains("token", Required(document["components"]!["schemas"]!["ManualJobResponse"]!));
        Assert.Superset(new HashSet<string> { "sources", "trend", "escalating", "daily_counts" }, Required(document["components"]!["schemas"]!["IssueCluster"]!));
    }

    [Fact]
    public async Task Every_required_member_is_one_the_schema_describes()
    {
        var document = (await app.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        var strays = document["components"]!["schemas"]!.AsObject()
            .SelectMany(schema => Required(schema.Value!).Where(name => schema.Value!["properties"]?[name] is null).Select(name => $"{schema.Key}.{name}"))
            .ToList();
        Assert.Empty(strays);
    }

    [Fact]
    public async Task Request_members_the_service_cannot_go_without_are_required()
    {
        var document = (await app.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!;

        Assert.Equal(["feedback_ids", "title"], Required(schemas["SplitRequest"]!).Order());
        Assert.Equal(["into"], Required(schemas["MergeRequest"]!));
        Assert.Equal(["feedback_ids"], Required(schemas["MoveItemsRequest"]!));
        Assert.Equal(["cluster_id"], Required(schemas["CreateJobRequest"]!));
        Assert.Empty(Required(schemas["ClusterPatch"]!));
        Assert.Null(schemas["ClusterPatch"]!["properties"]!["is_empty"]);
    }

    [Fact]
    public async Task A_status_a_request_may_set_lists_the_names_the_service_takes()
    {
        var document = (await app.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!;

        Assert.Equal([.. StatusTransitions.UserSettableClusterStatuses.Select(s => s.ToApiName()), null], Names(schemas["ClusterPatch"]!["properties"]!["status"]!));
        Assert.Equal([.. Enum.GetValues<JobStatus>().Select(s => s.ToApiName()), null], Names(schemas["JobReport"]!["properties"]!["status"]!));

        static List<string?> Names(JsonNode status) => [.. status["enum"]!.AsArray().Select(n => n?.GetValue<string>())];
    }

    [Fact]
    public async Task Every_enum_that_lists_null_says_null_in_its_type()
    {
        var text = await app.Client.GetStringAsync("/openapi/v1.json");

        var enums = JsonNode.Parse(text)!.Descendants().OfType<JsonObject>().Where(node => node["enum"] is JsonArray).ToList();
        var withNull = enums.Where(node => node["enum"]!.AsArray().Any(value => value is null)).ToList();
        Assert.NotEmpty(withNull);
        foreach (var schema in withNull)
        {
            Assert.Contains("null", schema["type"] is JsonArray types ? types.Select(t => t!.GetValue<string>()) : [schema["type"]!.GetValue<string>()]);
        }
    }

    private static HashSet<string> Required(JsonNode schema) =>
        [.. schema["required"]?.AsArray().Select(n => n!.GetValue<string>()) ?? []];
}

internal static class JsonNodeWalk
{
    /// <summary>The node and every node under it.</summary>
    public static IEnumerable<JsonNode> Descendants(this JsonNode node) => node switch
    {
        JsonObject o => [node, .. o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants)],
        JsonArray a => [node, .. a.OfType<JsonNode>().SelectMany(Descendants)],
        _ => [node],
    };
}

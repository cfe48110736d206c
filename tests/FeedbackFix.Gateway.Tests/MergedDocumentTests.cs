using System.Net;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace FeedbackFix.Gateway.Tests;

/// <summary>What the merged document at /openapi/v1.json says, read from three healthy fake services.</summary>
public sealed class MergedDocumentTests(ProxiedServices services) : IClassFixture<ProxiedServices>
{
    [Fact]
    public async Task The_merged_document_is_valid_openapi_3_1()
    {
        await using var gateway = services.Gateway();

        var response = await gateway.CreateClient().GetAsync("/openapi/v1.json");
        var json = await response.Content.ReadAsStringAsync();
        var (document, diagnostic) = OpenApiDocument.Parse(json, OpenApiConstants.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(document);
        Assert.Empty(diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
    }

    [Fact]
    public async Task The_document_holds_exactly_the_operations_the_gateway_forwards_at_gateway_paths()
    {
        var document = await GetDocumentAsync();

        var operations = Operations(document).Select(o => $"{o.Method} {o.Path}").Order().ToList();

        // Left out: /health (no route), /internal/reindex (no route), GET /config/sources as the
        // clustering service declares it (the gateway sends /config/* but /config/clustering to ingestion).
        Assert.Equal(
            new[]
            {
                "GET /clusters", "GET /clusters/{id}", "GET /clusters/{id}/similar", "GET /feedback", "GET /feedback/{id}", "GET /jobs/{id}",
                "GET /jobs/{id}/logs", "GET /stats", "PATCH /clusters/{id}", "PATCH /jobs/{id}",
                "POST /clustering/run", "POST /ingest/manual", "POST /ingest/sentry",
            }.Order(),
            operations);
    }

    [Fact]
    public async Task The_only_server_is_the_gateway_as_the_request_reached_it()
    {
        var document = await GetDocumentAsync();

        var server = Assert.Single(document["servers"]!.AsArray());

        Assert.Equal("http://localhost", server!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_configured_public_url_is_the_only_server()
    {
        await using var gateway = services.Gateway(new Dictionary<string, string?> { ["Gateway:OpenApi:PublicUrl"] = "https://api.feedbackfix.test/" });

        var document = JsonNode.Parse(await gateway.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        var server = Assert.Single(document["servers"]!.AsArray());
        Assert.Equal("https://api.feedbackfix.test", server!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Operations_behind_the_api_key_require_it_and_anonymous_routes_do_not()
    {
        var document = await GetDocumentAsync();

        var apiKey = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("apiKey", apiKey["type"]!.GetValue<string>());
        Assert.Equal("header", apiKey["in"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", apiKey["name"]!.GetValue<string>());
        foreach (var protectedOperation in new[] { ("get", "/clusters"), ("get", "/jobs/{id}"), ("post", "/ingest/manual"), ("get", "/feedback/{id}") })
        {
            Assert.Equal([["ApiKey"]], Requirements(document, protectedOperation));
        }
        Assert.Empty(Requirements(document, ("post", "/ingest/sentry")));
    }

    [Fact]
    public async Task Operations_behind_the_api_key_describe_the_gateways_401_writes_and_admin_routes_its_403_and_anonymous_ones_neither()
    {
        var document = await GetDocumentAsync();

        string[] Refusals(string method, string path) =>
            [.. document["paths"]![path]![method]!["responses"]!.AsObject().Select(r => r.Key).Where(status => status is "401" or "403").Order()];

        Assert.Equal(["401"], Refusals("get", "/clusters"));
        Assert.Equal(["401", "403"], Refusals("post", "/ingest/manual"));
        Assert.Equal(["401", "403"], Refusals("post", "/clustering/run"));
        Assert.Empty(Refusals("post", "/ingest/sentry"));
        Assert.Contains("API key", document["paths"]!["/clusters"]!["get"]!["responses"]!["401"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task On_an_admin_route_the_401_and_403_say_what_the_gateway_checks_instead_of_the_services_admin_key_words()
    {
        var document = await GetDocumentAsync();
        var responses = document["paths"]!["/clustering/run"]!["post"]!["responses"]!;

        var unauthorized = responses["401"]!["description"]!.GetValue<string>();
        var forbidden = responses["403"]!["description"]!.GetValue<string>();

        Assert.StartsWith("The gateway", unauthorized, StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", unauthorized, StringComparison.Ordinal);
        Assert.Contains("Admin-scope key", unauthorized, StringComparison.Ordinal);
        Assert.StartsWith("The gateway", forbidden, StringComparison.Ordinal);
        Assert.Contains("X-Admin-Key", forbidden, StringComparison.Ordinal);
        Assert.DoesNotContain("AdminKey was sent", unauthorized, StringComparison.Ordinal);
        Assert.DoesNotContain("AdminKey sent", forbidden, StringComparison.Ordinal);
        Assert.Equal("#/components/schemas/ProblemDetails", responses["401"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task On_a_key_route_a_refusal_the_service_describes_too_gets_the_gateways_words_first_and_keeps_the_services()
    {
        var clustering = JsonNode.Parse(ServiceDocuments.Clustering)!;
        clustering["paths"]!["/clusters/{id}/similar"]!["get"]!["responses"]!["401"] = new JsonObject { ["description"] = "No ReadToken was sent." };
        await using var own = await ProxiedServices.StartAsync(clustering.ToJsonString());
        await using var gateway = own.Gateway();

        var document = JsonNode.Parse(await gateway.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var unauthorized = document["paths"]!["/clusters/{id}/similar"]!["get"]!["responses"]!["401"]!["description"]!.GetValue<string>();

        Assert.StartsWith("The gateway found no valid API key", unauthorized, StringComparison.Ordinal);
        Assert.EndsWith("the service's own 401: No ReadToken was sent.", unauthorized, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_operation_describes_the_gateways_429_with_Retry_After_and_its_502_and_504_as_problems()
    {
        var document = await GetDocumentAsync();

        var operations = Operations(document).ToList();

        Assert.NotEmpty(operations);
        foreach (var (method, path) in operations)
        {
            var responses = document["paths"]![path]![method.ToLowerInvariant()]!["responses"]!;
            var tooMany = responses["429"];
            Assert.True(tooMany is not null, $"{method} {path} has no 429");
            Assert.Equal("integer", tooMany!["headers"]!["Retry-After"]!["schema"]!["type"]!.GetValue<string>());
            foreach (var status in new[] { "429", "502", "504" })
            {
                Assert.True(responses[status]?["content"]?["application/problem+json"]?["schema"] is not null, $"{method} {path} has no problem for {status}");
            }
        }
        // Worded as the operation's 503, where it has one.
        var run = document["paths"]!["/clustering/run"]!["post"]!["responses"]!;
        Assert.True(JsonNode.DeepEquals(run["503"]!["content"], run["429"]!["content"]));
        Assert.Contains("budget", run["429"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_job_report_keeps_the_services_job_token_and_does_not_ask_for_the_api_key()
    {
        var document = await GetDocumentAsync();

        Assert.Equal([["JobToken"]], Requirements(document, ("patch", "/jobs/{id}")));
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["JobToken"]!["scheme"]!.GetValue<string>());
    }

    [Fact]
    public async Task Running_clustering_takes_an_admin_scope_key_alone_or_the_admin_key_beside_any_key()
    {
        var document = await GetDocumentAsync();

        Assert.Equal([["ApiKey"], ["AdminKey", "ApiKey"]], Requirements(document, ("post", "/clustering/run")));
        var adminScopeAlone = document["paths"]!["/clustering/run"]!["post"]!["security"]![0]!["ApiKey"]!.AsArray();
        Assert.Equal(["Admin"], adminScopeAlone.Select(scope => scope!.GetValue<string>()));
        Assert.Equal("X-Admin-Key", document["components"]!["securitySchemes"]!["AdminKey"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_schema_several_services_declare_identically_appears_once()
    {
        var document = await GetDocumentAsync();

        var schemas = document["components"]!["schemas"]!.AsObject().Select(s => s.Key).ToList();

        Assert.Single(schemas, name => name.EndsWith("ProblemDetails", StringComparison.Ordinal));
        Assert.Contains("ProblemDetails", schemas);
    }

    [Fact]
    public async Task Schemas_sharing_a_name_but_not_their_content_both_survive_under_their_services_names()
    {
        var document = await GetDocumentAsync();
        var schemas = document["components"]!["schemas"]!;

        Assert.Null(schemas["Page"]);
        Assert.Equal("#/components/schemas/FeedbackItem", schemas["ingestion.Page"]!["properties"]!["items"]!["items"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/ClusterSummary", schemas["clusters.Page"]!["properties"]!["items"]!["items"]!["$ref"]!.GetValue<string>());
        // ListResponse is written alike by both, but refers to each service's own Page, so it is split too.
        Assert.Null(schemas["ListResponse"]);
        Assert.Equal("#/components/schemas/ingestion.Page", schemas["ingestion.ListResponse"]!["properties"]!["page"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/clusters.Page", schemas["clusters.ListResponse"]!["properties"]!["page"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/ingestion.ListResponse", ResponseSchemaRef(document, ("get", "/feedback")));
        Assert.Equal("#/components/schemas/clusters.ListResponse", ResponseSchemaRef(document, ("get", "/clusters")));
    }

    [Fact]
    public async Task The_renamed_references_resolve_when_the_document_is_read()
    {
        var json = await services.Gateway().CreateClient().GetStringAsync("/openapi/v1.json");

        var (document, _) = OpenApiDocument.Parse(json, OpenApiConstants.Json);

        var schema = document!.Paths["/feedback"].Operations![HttpMethod.Get].Responses!["200"].Content!["application/json"].Schema;
        var reference = Assert.IsType<OpenApiSchemaReference>(schema);
        Assert.Equal("ingestion.ListResponse", reference.Reference.Id);
        Assert.NotNull(reference.Properties?["page"]);
    }

    [Fact]
    public async Task Components_only_unforwarded_routes_use_are_left_out()
    {
        var document = await GetDocumentAsync();

        Assert.Null(document["components"]!["schemas"]!["ReindexRequest"]);
    }

    [Fact]
    public async Task Operation_ids_several_services_use_get_their_service_names()
    {
        var document = await GetDocumentAsync();

        Assert.Equal("ingestion.GetById", document["paths"]!["/feedback/{id}"]!["get"]!["operationId"]!.GetValue<string>());
        Assert.Equal("clusters.GetById", document["paths"]!["/clusters/{id}"]!["get"]!["operationId"]!.GetValue<string>());
        Assert.Equal("ListClusters", document["paths"]!["/clusters"]!["get"]!["operationId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_path_items_shared_parameters_move_into_its_operations()
    {
        var document = await GetDocumentAsync();

        var parameter = Assert.Single(document["paths"]!["/feedback/{id}"]!["get"]!["parameters"]!.AsArray());

        Assert.Equal("id", parameter!["name"]!.GetValue<string>());
        Assert.Null(document["paths"]!["/feedback/{id}"]!["parameters"]);
    }

    [Fact]
    public async Task Tags_of_all_services_appear_once_each_and_only_when_a_forwarded_operation_uses_them()
    {
        var document = await GetDocumentAsync();

        var tags = document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();

        // Services in order of name: clustering, clusters, ingestion; the first to describe a shared tag gives its description.
        Assert.Equal(["Clustering", "Admin", "Clusters", "Jobs", "Stats", "Ingest", "Webhooks", "Feedback"], tags);
        Assert.Equal("Operator actions.", document["tags"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "Admin")!["description"]!.GetValue<string>());
    }

    private async Task<JsonNode> GetDocumentAsync()
    {
        await using var gateway = services.Gateway();
        var response = await gateway.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static IEnumerable<(string Method, string Path)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(entry => entry.Value is JsonObject)
            .Select(entry => (entry.Key.ToUpperInvariant(), path.Key)));

    /// <summary>Each alternative requirement object as its sorted scheme names.</summary>
    private static string[][] Requirements(JsonNode document, (string Method, string Path) operation) =>
        (document["paths"]![operation.Path]![operation.Method]!["security"]?.AsArray() ?? [])
            .Select(requirement => requirement!.AsObject().Select(scheme => scheme.Key).Order(StringComparer.Ordinal).ToArray())
            .ToArray();

    private static string ResponseSchemaRef(JsonNode document, (string Method, string Path) operation) =>
        document["paths"]![operation.Path]![operation.Method]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeedbackFix.TestSupport;
using Microsoft.OpenApi;

namespace FeedbackFix.EndToEnd.Tests;

/// <summary>The merged API description at the gateway, against the gateway's own routes and the services' own documents.</summary>
[Collection(AppHostCollection.Name)]
public sealed class ApiDescriptionTests(AppHostFixture system)
{
    private static readonly string[] Services = ["ingestion", "clusters", "clustering"];

    [Fact]
    public async Task The_merged_document_is_valid_openapi_with_the_gateway_as_its_one_server()
    {
        var response = await GetOnceServedAsync(system.Anonymous, "/openapi/v1.json");
        var json = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (document, diagnostic) = OpenApiDocument.Parse(json, OpenApiConstants.Json);
        Assert.Empty(diagnostic!.Errors);
        var server = Assert.Single(document!.Servers!);
        Assert.Equal(system.Anonymous.BaseAddress!.GetLeftPart(UriPartial.Authority), server.Url!.TrimEnd('/'));
    }

    [Fact]
    public async Task Every_gateway_route_has_a_documented_operation_and_every_operation_a_route()
    {
        var merged = Operations(await ReadAsync(system.Anonymous, "/openapi/v1.json"));
        var routes = GatewayRoute.Read();

        var undocumentedRoutes = routes.Where(route => !merged.Any(route.Matches)).Select(route => route.ToString()).ToList();
        var unroutedOperations = merged.Where(operation => !routes.Any(route => route.Matches(operation))).ToList();

        Assert.True(undocumentedRoutes.Count == 0, "Gateway routes with no documented operation: " + string.Join(", ", undocumentedRoutes));
        Assert.True(unroutedOperations.Count == 0, "Documented operations no gateway route forwards: " + string.Join(", ", unroutedOperations));
    }

    [Fact]
    public async Task Every_operation_a_service_describes_is_in_the_merged_document()
    {
        var merged = Operations(await ReadAsync(system.Anonymous, "/openapi/v1.json"));

        foreach (var service in Services)
        {
            var own = Operations(await ReadAsync(system.ServiceClient(service), "/openapi/v1.json"));
            Assert.NotEmpty(own);
            var missing = own.Except(merged).ToList();
            Assert.True(missing.Count == 0, $"{service} describes operations the gateway's document lacks: {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public async Task Every_parameter_in_the_merged_document_says_what_it_takes()
    {
        var document = JsonNode.Parse((await ReadAsync(system.Anonymous, "/openapi/v1.json")).GetRawText())!;

        var undescribed = ApiDocuments.UndescribedParameters(document);
        Assert.True(undescribed.Count == 0, "Parameters without a description: " + string.Join(", ", undescribed));
    }

    [Fact]
    public async Task Operations_are_described_with_problem_answers_and_the_credentials_they_need()
    {
        var document = await ReadAsync(system.Anonymous, "/openapi/v1.json");
        var paths = document.GetProperty("paths");

        var getCluster = paths.GetProperty("/clusters/{id}").GetProperty("get");
        var jobReport = paths.GetProperty("/jobs/{id}").GetProperty("patch");
        var logs = paths.GetProperty("/jobs/{id}/logs").GetProperty("get");
        var run = paths.GetProperty("/clustering/run").GetProperty("post");
        var webhook = paths.GetProperty("/ingest/github").GetProperty("post");

        Assert.True(getCluster.GetProperty("responses").TryGetProperty("404", out _));
        Assert.True(getCluster.GetProperty("responses").GetProperty("503").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.Equal(["ApiKey"], SchemeNames(getCluster));
        Assert.Equal(["JobToken"], SchemeNames(jobReport));
        // An Admin-scope key alone, or the admin key beside any key.
        Assert.Equal(["ApiKey", "AdminKey+ApiKey"], Alternatives(run));
        Assert.Empty(SchemeNames(webhook));
        var logContent = logs.GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(logContent.TryGetProperty("text/event-stream", out _) && logContent.TryGetProperty("application/json", out _));
    }

    [Fact]
    public async Task The_reference_page_renders_without_a_key()
    {
        var response = await system.Anonymous.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ReadAsync(HttpClient client, string path)
    {
        var response = await GetOnceServedAsync(client, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await Json.ReadAsync(response)).Clone();
    }

    /// <summary>
    /// The merged document is a 503 until every service has answered with its own; a service still
    /// warming up (the clustering worker loads its model at start) is waited for.
    /// </summary>
    private static async Task<HttpResponseMessage> GetOnceServedAsync(HttpClient client, string path)
    {
        HttpResponseMessage response = null!;
        await Eventually.TrueAsync(async () => (response = await client.GetAsync(path)).StatusCode != HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(60), $"GET {path} to stop answering 503");
        return response;
    }

    /// <summary>"GET /clusters/{id}"-style names of every operation in a document.</summary>
    private static List<string> Operations(JsonElement document) =>
        [.. document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(item => item.Name is not ("parameters" or "summary" or "description" or "servers"))
            .Select(item => $"{item.Name.ToUpperInvariant()} {path.Name}"))];

    /// <summary>The schemes of an operation's security requirements, all of which it needs, sorted.</summary>
    private static List<string> Alternatives(JsonElement operation) =>
        [.. operation.GetProperty("security").EnumerateArray()
            .Select(requirement => string.Join('+', requirement.EnumerateObject().Select(scheme => scheme.Name).Order(StringComparer.Ordinal)))];

    private static List<string> SchemeNames(JsonElement operation) =>
        operation.TryGetProperty("security", out var security)
            ? [.. security.EnumerateArray().SelectMany(requirement => requirement.EnumerateObject().Select(scheme => scheme.Name)).Order(StringComparer.Ordinal)]
            : [];
}

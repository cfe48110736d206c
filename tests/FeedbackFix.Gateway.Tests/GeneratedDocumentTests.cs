using System.Net;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace FeedbackFix.Gateway.Tests;

/// <summary>The merge over a document as Microsoft.AspNetCore.OpenApi 10 really writes it.</summary>
public sealed class GeneratedDocumentTests
{
    [Fact]
    public async Task A_document_written_by_Microsoft_AspNetCore_OpenApi_merges_into_a_valid_document_with_an_admin_scope_key_or_its_admin_key_beside_the_api_key()
    {
        await using var services = await ProxiedServices.StartAsync();
        await using var clustering = await GeneratedClusteringService.StartAsync();
        await using var gateway = services.Gateway(new Dictionary<string, string?> { ["services:clustering:http:0"] = clustering.Url });

        var response = await gateway.CreateClient().GetAsync("/openapi/v1.json");
        var json = await response.Content.ReadAsStringAsync();
        var (document, diagnostic) = OpenApiDocument.Parse(json, OpenApiConstants.Json);
        var merged = JsonNode.Parse(json)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(diagnostic!.Errors);
        var run = document!.Paths["/clustering/run"].Operations![HttpMethod.Post];
        Assert.Equal(2, run.Security!.Count);
        var adminScopeAlone = run.Security[0];
        Assert.Equal(["ApiKey"], adminScopeAlone.Keys.Select(scheme => scheme.Reference.Id));
        Assert.Equal(["Admin"], adminScopeAlone.Values.Single());
        Assert.Equal(["AdminKey", "ApiKey"], run.Security[1].Keys.Select(scheme => scheme.Reference.Id).Order(StringComparer.Ordinal));
        Assert.Null(merged["paths"]!["/health"]);
        Assert.Null(merged["paths"]!["/config/sources"]);
        Assert.NotNull(merged["components"]!["schemas"]!["RunResult"]);
    }
}

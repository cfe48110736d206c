using System.Net;

namespace FeedbackFix.Gateway.Tests;

/// <summary>Who may read the API description.</summary>
public sealed class ApiReferenceAccessTests(ProxiedServices services) : IClassFixture<ProxiedServices>
{
    [Fact]
    public async Task The_document_answers_without_an_api_key_while_api_routes_still_need_one()
    {
        await using var gateway = services.Gateway();
        var client = gateway.CreateClient();

        var document = await client.GetAsync("/openapi/v1.json");
        var api = await client.GetAsync("/clusters");

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Reading_the_document_counts_against_the_clients_request_budget()
    {
        await using var gateway = services.Gateway(new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:PermitsPerSecond"] = "1",
            ["Gateway:RateLimit:Burst"] = "2",
        });
        var client = gateway.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.GetAsync("/openapi/v1.json")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}

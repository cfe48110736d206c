using System.Net;
using System.Text.RegularExpressions;

namespace FeedbackFix.Gateway.Tests;

/// <summary>Who may read the API description and its reference page, and where the page's scripts come from.</summary>
public sealed partial class ApiReferenceAccessTests(ProxiedServices services) : IClassFixture<ProxiedServices>
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
    public async Task The_reference_page_answers_200_html_without_an_api_key()
    {
        await using var gateway = services.Gateway();

        var response = await gateway.CreateClient().GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reference_page_loads_its_scripts_from_the_gateway_without_a_key_and_no_fonts_from_a_cdn()
    {
        await using var gateway = services.Gateway();
        var client = gateway.CreateClient();
        var page = await client.GetAsync("/docs");
        var html = await page.Content.ReadAsStringAsync();

        var scripts = ScriptSources().Matches(html).Select(match => match.Groups["src"].Value).ToList();

        Assert.NotEmpty(scripts);
        Assert.All(scripts, src => Assert.False(Uri.TryCreate(src, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal), src));
        foreach (var src in scripts)
        {
            var script = await client.GetAsync(new Uri(page.RequestMessage!.RequestUri!, src));
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        }
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
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

    [GeneratedRegex("<script[^>]*\\ssrc=\"(?<src>[^\"]+)\"")]
    private static partial Regex ScriptSources();
}

using System.Net;
using System.Text.Json;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Ingestion.Tests.Http;

/// <summary>GET /config/webhooks: each webhook's address as senders reach it and whether its secret is set, never the secret.</summary>
public sealed class WebhookListHttpTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string SentrySecret = "Zq8x5b1f0c9e4d2a";
    private const string GitHubSecret = "Wm3k77d2a4e1f09c";

    [Fact]
    public async Task With_both_secrets_the_webhooks_say_configured_and_the_body_holds_no_part_of_a_secret()
    {
        await using var factory = Factory(("Webhooks:Sentry:ClientSecret", SentrySecret), ("Webhooks:GitHub:Secret", GitHubSecret));

        var response = await factory.CreateClient().GetAsync("/config/webhooks");

        var body = await response.Content.ReadAsStringAsync();
        var webhooks = (await HttpAssert.JsonAsync(response, HttpStatusCode.OK)).GetProperty("webhooks");
        Assert.Equal(
            [("sentry", "http://localhost/ingest/sentry", true, "Sentry-Hook-Signature"), ("github", "http://localhost/ingest/github", true, "X-Hub-Signature-256")],
            webhooks.EnumerateArray().Select(Read));
        foreach (var secret in new[] { SentrySecret, GitHubSecret })
        {
            Assert.DoesNotContain(secret[..6], body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[^6..], body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_secrets_the_webhooks_say_not_configured()
    {
        await using var factory = Factory();

        var response = await factory.CreateClient().GetAsync("/config/webhooks");

        var webhooks = (await HttpAssert.JsonAsync(response, HttpStatusCode.OK)).GetProperty("webhooks");
        Assert.All(webhooks.EnumerateArray(), webhook => Assert.False(webhook.GetProperty("secret_configured").GetBoolean()));
    }

    [Fact]
    public async Task The_addresses_follow_the_scheme_host_and_prefix_the_gateway_forwards()
    {
        await using var factory = Factory(("Webhooks:GitHub:Secret", GitHubSecret));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/config/webhooks");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "feedback.example.com:8443");
        request.Headers.Add("X-Forwarded-Prefix", "/api");

        var response = await factory.CreateClient().SendAsync(request);

        var webhooks = (await HttpAssert.JsonAsync(response, HttpStatusCode.OK)).GetProperty("webhooks");
        Assert.Equal(
            ["https://feedback.example.com:8443/api/ingest/sentry", "https://feedback.example.com:8443/api/ingest/github"],
            webhooks.EnumerateArray().Select(w => w.GetProperty("url").GetString()));
    }

    [Theory]
    [InlineData("evil.example.com/phish", "ftp")]
    [InlineData("user@evil.example.com", "javascript")]
    [InlineData("a b", "gopher")]
    public async Task Forwarded_values_that_are_not_a_host_or_a_web_scheme_are_not_used(string host, string proto)
    {
        await using var factory = Factory();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/config/webhooks");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", host);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", proto);

        var response = await factory.CreateClient().SendAsync(request);

        var webhooks = (await HttpAssert.JsonAsync(response, HttpStatusCode.OK)).GetProperty("webhooks");
        Assert.Equal("http://localhost/ingest/sentry", webhooks[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_configured_public_base_url_wins_over_what_the_gateway_forwards()
    {
        await using var factory = Factory(("Webhooks:PublicBaseUrl", "https://feedback.example.com/base/"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/config/webhooks");
        request.Headers.Add("X-Forwarded-Proto", "http");
        request.Headers.Add("X-Forwarded-Host", "gateway.internal:5080");

        var response = await factory.CreateClient().SendAsync(request);

        var webhooks = (await HttpAssert.JsonAsync(response, HttpStatusCode.OK)).GetProperty("webhooks");
        Assert.Equal(
            ["https://feedback.example.com/base/ingest/sentry", "https://feedback.example.com/base/ingest/github"],
            webhooks.EnumerateArray().Select(w => w.GetProperty("url").GetString()));
    }

    [Theory]
    [InlineData("feedback.example.com")]
    [InlineData("ftp://feedback.example.com")]
    [InlineData("https://feedback.example.com/?x=1")]
    public async Task A_public_base_url_that_is_not_an_absolute_web_address_stops_the_start_naming_the_setting(string url)
    {
        var failure = await IngestionSettings.StartFailureAsync<WebhookUrlOptions>(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Webhooks:PublicBaseUrl"] = url,
        });

        Assert.Contains("Webhooks:PublicBaseUrl", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_description_shows_the_webhook_list()
    {
        await using var factory = Factory();

        var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

        var ok = document.GetProperty("paths").GetProperty("/config/webhooks").GetProperty("get").GetProperty("responses").GetProperty("200");
        Assert.Equal("#/components/schemas/WebhookList", ok.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var endpoint = document.GetProperty("components").GetProperty("schemas").GetProperty("WebhookEndpoint").GetProperty("properties");
        Assert.Equal(["source", "url", "secret_configured", "signature_header"], endpoint.EnumerateObject().Select(p => p.Name));
    }

    private IngestionFactory Factory(params (string Key, string Value)[] settings) =>
        new(redis.ConnectionString, settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    private static (string?, string?, bool, string?) Read(JsonElement webhook) => (
        webhook.GetProperty("source").GetString(), webhook.GetProperty("url").GetString(),
        webhook.GetProperty("secret_configured").GetBoolean(), webhook.GetProperty("signature_header").GetString());
}

using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace FeedbackFix.EndToEnd.Tests;

[Collection(AppHostCollection.Name)]
public sealed class WebhookFlowTests(AppHostFixture system)
{
    [Fact]
    public async Task A_signed_github_issue_lands_once_through_the_gateway_without_an_api_key()
    {
        var delivery = Guid.NewGuid().ToString();
        var title = Json.Unique("Crash when saving a draft");
        var issueId = Random.Shared.NextInt64(1_000_000, 9_999_999_999);
        var body = $$$"""
            {"action":"opened","issue":{"id":{{{issueId}}},"number":7,"title":"{{{title}}}","body":"Saving a draft crashes the editor.","html_url":"https://github.com/acme/app/issues/7","user":{"login":"octocat"},"created_at":"2026-11-28T10:00:00Z","labels":[]},"repository":{"full_name":"acme/app"}}
            """;

        var first = await system.Anonymous.SendAsync(GitHub(body, delivery, AppHostFixture.GitHubSecret));
        var redelivered = await system.Anonymous.SendAsync(GitHub(body, delivery, AppHostFixture.GitHubSecret));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var id = (await Json.ReadAsync(first)).Str("id");
        Assert.Equal(id, (await Json.ReadAsync(redelivered)).Str("id"));
        var stored = await Json.ReadAsync(await system.Api.GetAsync($"/feedback/{id}"));
        Assert.Equal(("github", title), (stored.Str("source"), stored.Str("title")));
    }

    [Fact]
    public async Task A_webhook_signed_with_another_secret_is_refused_and_stores_nothing()
    {
        var title = Json.Unique("Forged report");
        var body = $$$"""
            {"action":"opened","issue":{"id":8,"number":8,"title":"{{{title}}}","body":"x","html_url":"https://github.com/acme/app/issues/8","user":{"login":"mallory"},"created_at":"2026-11-28T10:00:00Z","labels":[]},"repository":{"full_name":"acme/app"}}
            """;

        var response = await system.Anonymous.SendAsync(GitHub(body, Guid.NewGuid().ToString(), "not-the-secret"));

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        var page = await Json.ReadAsync(await system.Api.GetAsync("/feedback?source=github&limit=200"));
        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), item => item.Str("title") == title);
    }

    [Fact]
    public async Task A_signed_sentry_issue_lands_once_through_the_gateway()
    {
        var issueId = Random.Shared.NextInt64(1_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = $$$"""
            {"action":"created","actor":{"id":"sentry","name":"Sentry","type":"application"},"data":{"issue":{"id":"{{{issueId}}}","title":"ReferenceError: saveDraft is not defined","culprit":"editor/save","count":"4","userCount":2,"firstSeen":"2026-11-28T09:00:00.000000Z","lastSeen":"2026-11-28T10:00:00.000000Z","level":"error","project":{"id":"1","name":"front-end","slug":"front-end"},"shortId":"FRONT-END-9","web_url":"https://sentry.io/organizations/acme/issues/{{{issueId}}}/"}},"installation":{"uuid":"e2e"}}
            """;

        var first = await system.Anonymous.SendAsync(Sentry(body));
        var replayed = await system.Anonymous.SendAsync(Sentry(body));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var id = (await Json.ReadAsync(first)).Str("id");
        Assert.Equal(id, (await Json.ReadAsync(replayed)).Str("id"));
        var stored = await Json.ReadAsync(await system.Api.GetAsync($"/feedback/{id}"));
        Assert.Equal(("sentry", issueId), (stored.Str("source"), stored.Str("external_id")));
    }

    private static HttpRequestMessage Sentry(string body)
    {
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppHostFixture.SentrySecret), Encoding.UTF8.GetBytes(body)));
        var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/sentry") { Content = Json.Body(body) };
        request.Headers.Add("Sentry-Hook-Resource", "issue");
        request.Headers.Add("Sentry-Hook-Signature", signature);
        request.Headers.Add("Sentry-Hook-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }

    private static HttpRequestMessage GitHub(string body, string delivery, string secret)
    {
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
        var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/github") { Content = Json.Body(body) };
        request.Headers.Add("X-GitHub-Event", "issues");
        request.Headers.Add("X-GitHub-Delivery", delivery);
        request.Headers.Add("X-Hub-Signature-256", signature);
        return request;
    }
}

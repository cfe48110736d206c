using System.Net;
using System.Text.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Ingestion.Tests.Support;

namespace FeedbackFix.Ingestion.Tests.Http;

[Collection(IngestionAppCollection.Name)]
public sealed class SentryWebhookHttpTests(IngestionApp app)
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<JsonElement> AcceptedAsync(HttpRequestMessage request) =>
        await HttpAssert.JsonAsync(await _client.SendAsync(request), HttpStatusCode.Accepted);

    [Fact]
    public async Task An_issue_created_is_stored_with_title_url_counts_and_the_issue_id()
    {
        var issueId = SentryPayloads.IssueId();

        var response = await _client.SendAsync(SignedDelivery.Sentry("issue", SentryPayloads.IssueCreated(issueId)));

        var accepted = await HttpAssert.JsonAsync(response, HttpStatusCode.Accepted);
        Assert.False(accepted.GetProperty("duplicate").GetBoolean());
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal($"/feedback/{id}", response.Headers.Location?.OriginalString);
        var item = await HttpAssert.JsonAsync(await _client.GetAsync($"/feedback/{id}"), HttpStatusCode.OK);
        Assert.Equal("sentry", item.GetProperty("source").GetString());
        Assert.Equal(issueId, item.GetProperty("external_id").GetString());
        Assert.Equal("ReferenceError: blooopy is not defined", item.GetProperty("title").GetString());
        Assert.Equal($"https://sentry.io/organizations/test-org/issues/{issueId}/", item.GetProperty("url").GetString());
        Assert.Equal(12, item.GetProperty("metadata").GetProperty("count").GetInt64());
        Assert.Equal(3, item.GetProperty("metadata").GetProperty("user_count").GetInt64());
        Assert.Equal("?(runner)", item.GetProperty("metadata").GetProperty("culprit").GetString());
    }

    [Fact]
    public async Task The_same_delivery_again_is_a_duplicate_with_the_same_id()
    {
        var payload = SentryPayloads.IssueCreated(SentryPayloads.IssueId());

        var first = await AcceptedAsync(SignedDelivery.Sentry("issue", payload));
        var again = await AcceptedAsync(SignedDelivery.Sentry("issue", payload));

        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task An_event_alert_is_stored_with_the_event_url_and_keyed_by_its_issue()
    {
        var issueId = SentryPayloads.IssueId();
        var eventId = SentryPayloads.EventId();

        var accepted = await AcceptedAsync(SignedDelivery.Sentry("event_alert", SentryPayloads.EventAlertTriggered(issueId, eventId)));

        Assert.False(accepted.GetProperty("duplicate").GetBoolean());
        var item = await HttpAssert.JsonAsync(await _client.GetAsync($"/feedback/{accepted.GetProperty("id").GetString()}"), HttpStatusCode.OK);
        Assert.Equal(issueId, item.GetProperty("external_id").GetString());
        Assert.Equal("ReferenceError: heck is not defined", item.GetProperty("title").GetString());
        Assert.Equal($"https://sentry.io/organizations/test-org/issues/{issueId}/events/{eventId}/", item.GetProperty("url").GetString());
    }

    [Fact]
    public async Task An_alert_and_an_error_of_an_issue_already_stored_are_duplicates_of_it()
    {
        var issueId = SentryPayloads.IssueId();
        var issue = await AcceptedAsync(SignedDelivery.Sentry("issue", SentryPayloads.IssueCreated(issueId)));

        var alert = await AcceptedAsync(SignedDelivery.Sentry("event_alert", SentryPayloads.EventAlertTriggered(issueId, SentryPayloads.EventId())));
        var error = await AcceptedAsync(SignedDelivery.Sentry("error", SentryPayloads.ErrorCreated(issueId, SentryPayloads.EventId())));

        Assert.Equal(issue.GetProperty("id").GetString(), alert.GetProperty("id").GetString());
        Assert.True(alert.GetProperty("duplicate").GetBoolean());
        Assert.Equal(issue.GetProperty("id").GetString(), error.GetProperty("id").GetString());
        Assert.True(error.GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task An_error_is_stored_keyed_by_its_issue_id()
    {
        var issueId = SentryPayloads.IssueId();

        await AcceptedAsync(SignedDelivery.Sentry("error", SentryPayloads.ErrorCreated(issueId, SentryPayloads.EventId())));

        Assert.True(await app.IsStoredAsync(FeedbackSource.Sentry, issueId));
    }

    [Fact]
    public async Task A_delivery_stamped_in_2019_answers_401_saying_why_and_stores_nothing()
    {
        var issueId = SentryPayloads.IssueId();

        var response = await _client.SendAsync(SignedDelivery.Sentry("issue", SentryPayloads.IssueCreated(issueId), timestamp: "1566248777"));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Sentry-Hook-Timestamp", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("2019-08-19T21:06:17Z", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await app.IsStoredAsync(FeedbackSource.Sentry, issueId));
    }

    [Fact]
    public async Task A_delivery_without_a_timestamp_answers_401()
    {
        var issueId = SentryPayloads.IssueId();

        var response = await _client.SendAsync(SignedDelivery.Sentry("issue", SentryPayloads.IssueCreated(issueId), timestamp: ""));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("The Sentry-Hook-Timestamp header is required.", problem.GetProperty("detail").GetString());
        Assert.False(await app.IsStoredAsync(FeedbackSource.Sentry, issueId));
    }

    public static TheoryData<string> BadSignatures() => ["missing", "empty", "other secret", "tampered body", "not hex", "github style"];

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task A_bad_signature_answers_401_and_stores_nothing(string kind)
    {
        var issueId = SentryPayloads.IssueId();
        var payload = SentryPayloads.IssueCreated(issueId);
        var request = kind switch
        {
            "missing" => SignedDelivery.Sentry("issue", payload),
            "empty" => SignedDelivery.Sentry("issue", payload, signature: ""),
            "other secret" => SignedDelivery.Sentry("issue", payload, signature: SignedDelivery.Hmac("not-the-secret", payload)),
            // Signed for one issue id, delivered with another: what an attacker replaying a body would try.
            "tampered body" => SignedDelivery.Sentry("issue", payload, signedBody: SentryPayloads.IssueCreated(SentryPayloads.IssueId())),
            "not hex" => SignedDelivery.Sentry("issue", payload, signature: new string('z', 64)),
            _ => SignedDelivery.Sentry("issue", payload, signature: "sha256=" + SignedDelivery.Hmac(SignedDelivery.SentrySecret, payload)),
        };
        if (kind == "missing")
        {
            request.Headers.Remove("Sentry-Hook-Signature");
        }

        var response = await _client.SendAsync(request);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.False(await app.IsStoredAsync(FeedbackSource.Sentry, issueId));
    }

    [Theory]
    [InlineData("comment")]
    [InlineData("installation")]
    [InlineData("metric_alert")]
    public async Task Other_resources_are_accepted_and_ignored(string resource)
    {
        var issueId = SentryPayloads.IssueId();

        var answer = await AcceptedAsync(SignedDelivery.Sentry(resource, SentryPayloads.Comment(issueId)));

        Assert.True(answer.GetProperty("ignored").GetBoolean());
        Assert.Contains(resource, answer.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(await app.IsStoredAsync(FeedbackSource.Sentry, issueId));
    }

    [Fact]
    public async Task An_issue_resolved_is_accepted_and_ignored()
    {
        var issueId = SentryPayloads.IssueId();

        var answer = await AcceptedAsync(SignedDelivery.Sentry("issue", SentryPayloads.IssueCreated(issueId, action: "resolved")));

        Assert.True(answer.GetProperty("ignored").GetBoolean());
        Assert.False(await app.IsStoredAsync(FeedbackSource.Sentry, issueId));
    }

    [Fact]
    public async Task Malformed_json_with_a_valid_signature_answers_400()
    {
        var response = await _client.SendAsync(SignedDelivery.Sentry("issue", """{"action": "created", "data": {"issue": """));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_issue_without_an_id_answers_400_naming_the_field()
    {
        var response = await _client.SendAsync(SignedDelivery.Sentry("issue", """{"action": "created", "data": {"issue": {"title": "t"}}}"""));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "data.issue.id");
    }

    [Fact]
    public async Task A_body_over_256_KiB_answers_413_and_stores_nothing()
    {
        var issueId = SentryPayloads.IssueId();
        var payload = SentryPayloads.IssueCreated(issueId).Replace("\"annotations\": []",
            $"\"annotations\": [\"{new string('a', 256 * 1024)}\"]", StringComparison.Ordinal);

        var response = await _client.SendAsync(SignedDelivery.Sentry("issue", payload));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.False(await app.IsStoredAsync(FeedbackSource.Sentry, issueId));
    }
}

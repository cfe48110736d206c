using System.Net;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Ingestion.Tests.Http;

/// <summary>Ingestion without webhook secrets (as in development) and with a malformed one; each test starts its own service.</summary>
public sealed class WebhookConfigurationHttpTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Without_secrets_the_webhooks_answer_503_naming_the_setting_and_the_rest_works()
    {
        await using var factory = new IngestionFactory(redis.ConnectionString);
        var client = factory.CreateClient();
        var issueId = SentryPayloads.IssueId();

        var sentry = await client.SendAsync(SignedDelivery.Sentry("issue", SentryPayloads.IssueCreated(issueId)));
        var github = await client.SendAsync(SignedDelivery.GitHub("ping", GitHubPayloads.Ping(1), GitHubPayloads.Delivery()));
        var manual = await client.PostAsync("/ingest/manual", new StringContent("""{"title": "Still works"}""", System.Text.Encoding.UTF8, "application/json"));

        var sentryProblem = await HttpAssert.ProblemAsync(sentry, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Webhooks:Sentry:ClientSecret", sentryProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("sentry-client-secret", sentryProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var githubProblem = await HttpAssert.ProblemAsync(github, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Webhooks:GitHub:Secret", githubProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("github-webhook-secret", githubProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, manual.StatusCode);
        Assert.False(await redis.Connection.GetDatabase().HashExistsAsync("feedback:external:sentry", issueId));
    }

    [Fact]
    public async Task A_secret_with_a_trailing_newline_stops_the_start_naming_the_setting()
    {
        var failure = await IngestionSettings.StartFailureAsync<GitHubWebhookOptions>(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Webhooks:GitHub:Secret"] = "pasted-secret\n",
        });

        Assert.Contains("Webhooks:GitHub:Secret", failure.Message, StringComparison.Ordinal);
        Assert.Contains("github-webhook-secret", failure.Message, StringComparison.Ordinal);
    }
}

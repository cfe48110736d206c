using System.Text;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Ingestion.Apis;
using FeedbackFix.Ingestion.Ingest;
using FeedbackFix.Ingestion.Model;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.Ingestion.Webhooks;
using FeedbackFix.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Ingestion.Tests.Unit;

/// <summary>The webhook handlers called directly, without HTTP, over a real Redis.</summary>
public sealed class WebhookHandlerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly FakeTimeProvider _time = new(FixedTime.Noon);
    private readonly IngestLog _log = new(NullLogger<IngestLog>.Instance);

    private FeedbackStore Store => new(redis.Connection, _time);

    private PullRequestStore PullRequests
    {
        get
        {
            var clusters = new ClusterStore(redis.Connection, Store, _time);
            return new PullRequestStore(redis.Connection, new JobStore(redis.Connection, clusters, _time), clusters, _time);
        }
    }

    private static HttpRequest Request(string body, bool withLength = true)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = withLength ? bytes.Length : null;
        return context.Request;
    }

    private string Now => _time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Task<Results<Accepted<IngestResult>, Accepted<WebhookIgnored>, ValidationProblem, ProblemHttpResult>> SentryAsync(
        string body, string? signature, string? secret = SignedDelivery.SentrySecret, string? timestamp = "now") =>
        WebhookApi.IngestSentryAsync(Request(body), signature, "issue", timestamp == "now" ? Now : timestamp,
            Options.Create(new SentryWebhookOptions { ClientSecret = secret }), Store, _time, _log, CancellationToken.None);

    [Fact]
    public async Task A_signed_sentry_issue_is_accepted_then_found_as_a_duplicate()
    {
        var payload = SentryPayloads.IssueCreated(SentryPayloads.IssueId());
        var signature = SignedDelivery.Hmac(SignedDelivery.SentrySecret, payload);

        var first = await SentryAsync(payload, signature);
        var second = await SentryAsync(payload, signature);

        var created = Assert.IsType<Accepted<IngestResult>>(first.Result);
        Assert.False(created.Value!.Duplicate);
        Assert.Equal($"/feedback/{created.Value.Id}", created.Location);
        Assert.Equal(new IngestResult(created.Value.Id, Duplicate: true), Assert.IsType<Accepted<IngestResult>>(second.Result).Value);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task A_sentry_delivery_sent_more_than_5_minutes_from_now_is_refused_with_401(int secondsFromNow)
    {
        var payload = SentryPayloads.IssueCreated(SentryPayloads.IssueId());
        var sent = _time.GetUtcNow().AddSeconds(secondsFromNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var result = await SentryAsync(payload, SignedDelivery.Hmac(SignedDelivery.SentrySecret, payload), timestamp: sent);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(401, problem.StatusCode);
        Assert.Contains("Sentry-Hook-Timestamp", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public async Task A_sentry_delivery_within_5_minutes_of_now_is_accepted(int secondsFromNow)
    {
        var payload = SentryPayloads.IssueCreated(SentryPayloads.IssueId());
        var sent = _time.GetUtcNow().AddSeconds(secondsFromNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var result = await SentryAsync(payload, SignedDelivery.Hmac(SignedDelivery.SentrySecret, payload), timestamp: sent);

        Assert.IsType<Accepted<IngestResult>>(result.Result);
    }

    [Fact]
    public async Task The_clock_moving_on_makes_the_same_delivery_stale()
    {
        var payload = SentryPayloads.IssueCreated(SentryPayloads.IssueId());
        var sent = Now;
        _time.Advance(TimeSpan.FromMinutes(6));

        var result = await SentryAsync(payload, SignedDelivery.Hmac(SignedDelivery.SentrySecret, payload), timestamp: sent);

        Assert.Equal(401, Assert.IsType<ProblemHttpResult>(result.Result).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("-5")]
    public async Task A_sentry_delivery_without_a_readable_timestamp_is_refused_with_401(string? timestamp)
    {
        var payload = SentryPayloads.IssueCreated(SentryPayloads.IssueId());

        var result = await SentryAsync(payload, SignedDelivery.Hmac(SignedDelivery.SentrySecret, payload), timestamp: timestamp);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(401, problem.StatusCode);
        Assert.Contains("Sentry-Hook-Timestamp", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_secret_the_sentry_handler_refuses_even_a_correctly_signed_delivery()
    {
        var payload = SentryPayloads.IssueCreated(SentryPayloads.IssueId());

        // Signed with the empty secret: a handler that fell back to "" would accept it.
        var result = await SentryAsync(payload, SignedDelivery.Hmac("", payload), secret: null);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.StatusCode);
    }

    [Fact]
    public async Task A_github_ping_answers_ok_with_the_hook_id()
    {
        var payload = GitHubPayloads.Ping(77);

        var result = await WebhookApi.IngestGitHubAsync(Request(payload), "sha256=" + SignedDelivery.Hmac(SignedDelivery.GitHubSecret, payload),
            "ping", GitHubPayloads.Delivery(), Options.Create(new GitHubWebhookOptions { Secret = SignedDelivery.GitHubSecret }),
            Store, PullRequests, _time, _log, CancellationToken.None);

        Assert.Equal(77, Assert.IsType<Ok<GitHubPong>>(result.Result).Value!.HookId);
    }

    [Fact]
    public async Task RawBody_refuses_a_body_over_the_cap_even_without_a_content_length()
    {
        var tooLong = Request(new string('a', 1025), withLength: false);
        var justRight = Request(new string('a', 1024), withLength: false);

        Assert.Null(await RawBody.ReadAsync(tooLong, 1024, CancellationToken.None));
        Assert.Equal(1024, (await RawBody.ReadAsync(justRight, 1024, CancellationToken.None))?.Length);
    }
}

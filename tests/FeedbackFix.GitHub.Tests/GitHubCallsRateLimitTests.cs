using System.Diagnostics;
using FeedbackFix.TestSupport;
using Microsoft.AspNetCore.Http;

namespace FeedbackFix.GitHub.Tests;

public sealed class GitHubCallsRateLimitTests : GitHubTestContext
{
    private const string Operation = "create issue in acme/app";

    [Fact]
    public async Task Primary_rate_limit_waits_until_the_reset_then_succeeds()
    {
        var reset = GitHub.PrimaryRateLimit(TimeSpan.FromSeconds(1), "/repos/acme/app/issues");

        var issue = await Calls().RunAsync(Operation, _ => Client().Issue.Create("acme", "app", NewIssue()), CancellationToken.None);

        Assert.Equal(1, issue.Number);
        var requests = GitHub.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal("primary-rate-limit", requests[0].Fault);
        Assert.True(requests[1].At >= reset, $"retried at {requests[1].At:O}, before the reset at {reset:O}");
        var wait = Assert.Single(Logger.Entries, entry => entry.EventId == 1);
        Assert.Equal(Operation, wait.Fields["Operation"]);
        Assert.IsType<TimeSpan>(wait.Fields["Delay"]);
        Assert.Equal("primary rate limit of 5000 requests used up", wait.Fields["Reason"]);
    }

    [Fact]
    public async Task Primary_rate_limit_sent_as_429_is_also_waited_out_until_the_reset()
    {
        var reset = GitHub.PrimaryRateLimit(TimeSpan.FromSeconds(1), statusCode: StatusCodes.Status429TooManyRequests);

        await Calls().RunAsync(Operation, _ => Client().Issue.Create("acme", "app", NewIssue()), CancellationToken.None);

        var requests = GitHub.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At >= reset, $"retried at {requests[1].At:O}, before the reset at {reset:O}");
    }

    [Fact]
    public async Task Primary_rate_limit_resetting_beyond_the_longest_wait_fails_as_transient_at_once()
    {
        var reset = GitHub.PrimaryRateLimit(TimeSpan.FromMinutes(10));
        var options = Options(o => o.MaxRateLimitWait = TimeSpan.FromMinutes(5));
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<GitHubFailure>(() =>
            Calls(options).RunAsync(Operation, _ => Client(options).Issue.Create("acme", "app", NewIssue()), CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(GitHubFailureKind.RateLimited, failure.Kind);
        Assert.True(failure.IsTransient);
        Assert.Equal(reset, failure.RetryAt);
        Assert.Contains(reset.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture), failure.Message, StringComparison.Ordinal);
        Assert.Contains("GitHub:MaxRateLimitWait", failure.Message, StringComparison.Ordinal);
        Assert.Contains("create issue in acme/app", failure.Message, StringComparison.Ordinal);
        Assert.Single(GitHub.Requests);
    }

    [Fact]
    public async Task Secondary_rate_limit_honours_retry_after()
    {
        GitHub.SecondaryRateLimit(TimeSpan.FromSeconds(1));

        var issue = await Calls().RunAsync(Operation, _ => Client().Issue.Create("acme", "app", NewIssue()), CancellationToken.None);

        Assert.Equal(1, issue.Number);
        AssertRetriedAfter(TimeSpan.FromSeconds(1), "secondary-rate-limit");
        var wait = Assert.Single(Logger.Entries, entry => entry.EventId == 1);
        Assert.Equal(TimeSpan.FromSeconds(1), wait.Fields["Delay"]);
    }

    [Fact]
    public async Task Secondary_rate_limit_without_retry_after_waits_a_minute_as_GitHub_asks()
    {
        GitHub.SecondaryRateLimit(retryAfter: null);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Calls().RunAsync(Operation, _ => Client().Issue.Create("acme", "app", NewIssue()), cancellation.Token));

        var wait = Assert.Single(Logger.Entries, entry => entry.EventId == 1);
        Assert.Equal(TimeSpan.FromMinutes(1), wait.Fields["Delay"]);
    }

    [Fact]
    public async Task Too_many_requests_honours_retry_after()
    {
        GitHub.TooManyRequests(TimeSpan.FromSeconds(1));

        await Calls().RunAsync(Operation, _ => Client().Issue.Create("acme", "app", NewIssue()), CancellationToken.None);

        AssertRetriedAfter(TimeSpan.FromSeconds(1), "too-many-requests");
    }

    [Fact]
    public async Task Too_many_requests_without_retry_after_backs_off_and_succeeds()
    {
        GitHub.TooManyRequests(retryAfter: null, times: 2);

        await Calls().RunAsync(Operation, _ => Client().Issue.Create("acme", "app", NewIssue()), CancellationToken.None);

        Assert.Equal(3, GitHub.Requests.Count);
        Assert.Equal(2, Logger.Entries.Count(entry => entry.EventId == 1));
    }

    [Fact]
    public async Task Retry_after_longer_than_the_longest_wait_fails_as_transient_at_once()
    {
        GitHub.SecondaryRateLimit(TimeSpan.FromMinutes(30));

        var failure = await Assert.ThrowsAsync<GitHubFailure>(() =>
            Calls().RunAsync(Operation, _ => Client().Issue.Create("acme", "app", NewIssue()), CancellationToken.None));

        Assert.Equal(GitHubFailureKind.RateLimited, failure.Kind);
        Assert.True(failure.IsTransient);
        Assert.Single(GitHub.Requests);
    }

    [Fact]
    public async Task Cancelling_during_a_rate_limit_wait_stops_at_once_without_a_failure()
    {
        GitHub.PrimaryRateLimit(TimeSpan.FromSeconds(60));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Calls().RunAsync(Operation, _ => Client().Issue.Create("acme", "app", NewIssue()), cancellation.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Single(GitHub.Requests);
    }

    private void AssertRetriedAfter(TimeSpan delay, string fault)
    {
        var requests = GitHub.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(fault, requests[0].Fault);
        var waited = requests[1].At - requests[0].At;
        // The fake's clock and the retry timer differ by scheduling only; allow a little slack below.
        Assert.True(waited >= delay - TimeSpan.FromMilliseconds(50), $"retried after {waited}");
        Assert.True(waited < delay + TimeSpan.FromSeconds(3), $"retried after {waited}");
    }
}

using System.Globalization;
using System.Net.Http.Headers;
using FeedbackFix.Poller.Polling;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Poller.Reddit;

/// <summary>
/// Decides when the next Reddit request may go. Two rules, both waited out before a request:
/// our own budget (no more than RequestsPerMinute in any sliding window: a log of send times,
/// exact, unlike a fixed window that allows twice the rate across a boundary) and Reddit's
/// word (<c>X-Ratelimit-Remaining</c> at 0 or a 429 pauses every request until the reset).
/// One instance serves all subreddits: Reddit counts per client, not per subreddit.
/// </summary>
internal sealed partial class RedditRequestBudget(
    IOptions<RedditOptions> options,
    TimeProvider time,
    PollerTelemetry telemetry,
    ILogger<RedditRequestBudget> logger)
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Queue<long> _sent = new();
    private readonly Lock _pauseLock = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    /// <summary>Waits until a request may be sent within both rules, and counts it as sent.</summary>
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            var pause = PausedUntil() - time.GetUtcNow();
            if (pause > TimeSpan.Zero)
            {
                telemetry.RateLimitWaits.Add(1, new KeyValuePair<string, object?>("reason", "reddit"));
                LogRedditLimitSpent(pause);
                await Task.Delay(pause, time, cancellationToken);
            }

            var settings = options.Value;
            while (true)
            {
                var now = time.GetTimestamp();
                while (_sent.Count > 0 && time.GetElapsedTime(_sent.Peek(), now) >= settings.RateWindow)
                {
                    _sent.Dequeue();
                }
                if (_sent.Count < settings.EffectiveRequestsPerMinute)
                {
                    break;
                }
                var wait = settings.RateWindow - time.GetElapsedTime(_sent.Peek(), now);
                telemetry.RateLimitWaits.Add(1, new KeyValuePair<string, object?>("reason", "budget"));
                LogBudgetSpent(settings.EffectiveRequestsPerMinute, settings.RateWindow, wait);
                await Task.Delay(wait, time, cancellationToken);
            }
            _sent.Enqueue(time.GetTimestamp());
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Reads Reddit's <c>X-Ratelimit-Remaining</c>/<c>X-Ratelimit-Reset</c>; pauses until the reset when nothing remains.</summary>
    public void Observe(HttpResponseHeaders headers)
    {
        if (Header(headers, "X-Ratelimit-Remaining") is { } remaining && remaining < 1
            && Header(headers, "X-Ratelimit-Reset") is { } resetSeconds && resetSeconds > 0)
        {
            PauseFor(TimeSpan.FromSeconds(resetSeconds));
        }
    }

    /// <summary>Holds every request back for <paramref name="wait"/> (capped by MaxRetryWait), e.g. after a 429.</summary>
    public void PauseFor(TimeSpan wait)
    {
        var until = time.GetUtcNow() + (wait < options.Value.MaxRetryWait ? wait : options.Value.MaxRetryWait);
        lock (_pauseLock)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    private DateTimeOffset PausedUntil()
    {
        lock (_pauseLock)
        {
            return _pausedUntil;
        }
    }

    private static double? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Reddit's rate limit is spent; waiting {Wait} for its reset")]
    private partial void LogRedditLimitSpent(TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request budget of {Limit} per {Window} spent; waiting {Wait}")]
    private partial void LogBudgetSpent(int limit, TimeSpan window, TimeSpan wait);
}

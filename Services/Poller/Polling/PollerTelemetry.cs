using System.Diagnostics.Metrics;

namespace FeedbackFix.Poller.Polling;

/// <summary>Metrics of the Reddit poller (meter "FeedbackFix.Poller").</summary>
internal sealed class PollerTelemetry : IDisposable
{
    public const string Name = "FeedbackFix.Poller";

    private readonly Meter _meter;

    public PollerTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        Fetched = _meter.CreateCounter<long>("feedbackfix.poller.fetched", "{post}", "Posts read from Reddit listings that were not seen before");
        Ingested = _meter.CreateCounter<long>("feedbackfix.poller.ingested", "{post}", "Posts Ingestion stored as new feedback");
        Duplicates = _meter.CreateCounter<long>("feedbackfix.poller.duplicates", "{post}", "Posts Ingestion already had");
        Requests = _meter.CreateCounter<long>("feedbackfix.poller.requests", "{request}", "Listing requests sent to Reddit, by status code");
        RateLimitWaits = _meter.CreateCounter<long>("feedbackfix.poller.rate_limit_waits", "{wait}", "Waits imposed by the request budget, X-Ratelimit headers or a 429");
        Failures = _meter.CreateCounter<long>("feedbackfix.poller.subreddit_failures", "{failure}", "Subreddit polls that failed and were skipped for this cycle");
    }

    public Counter<long> Fetched { get; }

    public Counter<long> Ingested { get; }

    public Counter<long> Duplicates { get; }

    public Counter<long> Requests { get; }

    public Counter<long> RateLimitWaits { get; }

    public Counter<long> Failures { get; }

    public void Dispose() => _meter.Dispose();
}

using System.Diagnostics;
using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.Clusters.PullRequests;

/// <summary>
/// Reads <c>stream:pull_requests</c> (GitHub deliveries Ingestion verified and queued) in consumer group
/// <c>clusters</c>: its own pending entries first, then new ones, then entries left too long by any
/// consumer. Each is applied to the job that opened the pull request and to its cluster
/// (<see cref="PullRequestStore.ApplyAsync"/>, idempotent), then acknowledged; a pull request no job
/// opened is acknowledged and left alone. An entry that keeps failing goes to the dead-letter stream.
/// </summary>
public sealed partial class PullRequestWorker(
    IConnectionMultiplexer redis,
    PullRequestStore pullRequests,
    IOptions<PullRequestOptions> options,
    TimeProvider time,
    ILogger<PullRequestWorker> logger) : BackgroundService
{
    public const string Group = "clusters";
    private const int BatchSize = 32;

    private static readonly ActivitySource Source = new("FeedbackFix.Clusters");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var queue = new StreamWorkQueue(redis, QueueEntries.PullRequestQueue(Group,
            settings.ConsumerName ?? $"{Environment.MachineName}-{Environment.ProcessId}") with
        {
            MaxDeliveries = settings.MaxDeliveries,
            ClaimIdleAfter = settings.RetryAfter,
        }, logger, time);

        await RedisOutage.RetryAsync(queue.EnsureGroupAsync, TimeSpan.FromSeconds(1), time, ex => LogRedisUnavailable(ex.Message), stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var items = await queue.NextAsync(BatchSize);
                if (items.Count == 0)
                {
                    await Task.Delay(settings.PollInterval, time, stoppingToken);
                    continue;
                }
                foreach (var item in items)
                {
                    await HandleAsync(queue, item);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (RedisOutage.Is(ex))
            {
                LogRedisUnavailable(ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private async Task HandleAsync(StreamWorkQueue queue, WorkItem item)
    {
        if (item.ToPullRequestEntry() is not { } entry)
        {
            await queue.DeadLetterAsync(item, "the entry names no repository, number or action");
            return;
        }

        using var activity = Source.StartActivity("apply pull request", ActivityKind.Consumer,
            ActivityContext.TryParse(entry.TraceParent, null, out var parent) ? parent : default);
        activity?.SetTag("feedbackfix.pull_request", $"{entry.Repository}#{entry.Number}");
        PullRequestOutcome outcome;
        try
        {
            outcome = await pullRequests.ApplyAsync(entry);
        }
        catch (Exception ex) when (!RedisOutage.Is(ex))
        {
            // Left pending: claimed again after RetryAfter, up to MaxDeliveries times.
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogUnexpected(ex, entry.Repository, entry.Number);
            return;
        }

        switch (outcome.Kind)
        {
            case PullRequestOutcomeKind.Applied:
                LogApplied(entry.Repository, entry.Number, entry.Action, outcome.JobId!, outcome.ClusterId!,
                    outcome.ClusterMovedTo is { } moved ? moved.ToRedis() : "unchanged");
                break;
            case PullRequestOutcomeKind.Outdated:
                LogOutdated(entry.Repository, entry.Number, entry.Action, outcome.JobId!);
                break;
            default:
                LogNotOurs(entry.Repository, entry.Number, entry.Action, outcome.Kind.ToString());
                break;
        }
        await queue.AckAsync(item.Id);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Pull request {Repository}#{Number} {Action} applied to job {JobId}; cluster {ClusterId}: {ClusterStatus}")]
    private partial void LogApplied(string repository, long number, string action, string jobId, string clusterId, string clusterStatus);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Pull request {Repository}#{Number} {Action} left job {JobId} as it was: the delivery is older than its state, or the pull request was merged")]
    private partial void LogOutdated(string repository, long number, string action, string jobId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pull request {Repository}#{Number} {Action} ignored: {Reason}")]
    private partial void LogNotOurs(string repository, long number, string action, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable to the pull request worker: {Reason}")]
    private partial void LogRedisUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying pull request {Repository}#{Number} failed; it will be tried again")]
    private partial void LogUnexpected(Exception exception, string repository, long number);
}

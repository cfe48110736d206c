using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.AgentOrchestrator.Launching;

/// <summary>
/// Reads <c>stream:jobs</c> in consumer group <c>orchestrator</c>: its own pending entries first,
/// then new ones, then entries left too long by any consumer. An entry is acknowledged once its job
/// is launched or has failed; one that keeps failing is given up on and its job fails with why.
/// </summary>
public sealed partial class JobLaunchWorker(
    IConnectionMultiplexer redis,
    JobLauncher launcher,
    IOptions<OrchestratorOptions> options,
    TimeProvider time,
    ILogger<JobLaunchWorker> logger) : BackgroundService
{
    public const string Group = "orchestrator";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var queue = new StreamWorkQueue(redis, new StreamWorkQueueOptions(RedisKeys.JobsStream, Group,
            settings.ConsumerName ?? $"{Environment.MachineName}-{Environment.ProcessId}")
        {
            MaxDeliveries = settings.MaxDeliveries,
            ClaimIdleAfter = settings.RetryLaunchAfter,
            SecretFields = ["token"],
            DeadLettered = (item, reason) => item["job_id"] is { } jobId ? launcher.GiveUpAsync(jobId, reason) : Task.CompletedTask,
        });

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.EnsureGroupAsync();
                break;
            }
            catch (RedisException ex)
            {
                LogRedisUnavailable(ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var items = await queue.ReadAsync(settings.Parallelism);
                if (items.Count == 0)
                {
                    items = await queue.ClaimIdleAsync(settings.Parallelism);
                }
                if (items.Count == 0)
                {
                    await Task.Delay(settings.PollInterval, time, stoppingToken);
                    continue;
                }

                await Parallel.ForEachAsync(items,
                    new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = stoppingToken },
                    async (item, cancellationToken) => await HandleAsync(queue, item, cancellationToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RedisException ex)
            {
                LogRedisUnavailable(ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private async Task HandleAsync(StreamWorkQueue queue, WorkItem item, CancellationToken cancellationToken)
    {
        if (item["job_id"] is not { Length: > 0 } jobId)
        {
            await queue.DeadLetterAsync(item, "the entry names no job_id");
            return;
        }

        using var activity = OrchestratorTelemetry.StartLaunch(item["traceparent"], jobId);
        try
        {
            if (await launcher.LaunchAsync(jobId, item["token"], cancellationToken) == LaunchOutcome.Done)
            {
                await queue.AckAsync(item.Id);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left pending: it comes back after RetryLaunchAfter, up to MaxDeliveries times.
            LogUnexpected(ex, jobId);
            launcher.RememberFailure(jobId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable to the job launcher: {Reason}")]
    private partial void LogRedisUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Launching job {JobId} failed; it will be tried again")]
    private partial void LogUnexpected(Exception exception, string jobId);
}

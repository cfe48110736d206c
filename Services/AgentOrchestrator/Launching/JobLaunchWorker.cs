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
        var queue = new StreamWorkQueue(redis, QueueEntries.JobQueue(Group,
            settings.ConsumerName ?? $"{Environment.MachineName}-{Environment.ProcessId}") with
        {
            MaxDeliveries = settings.MaxDeliveries,
            ClaimIdleAfter = settings.RetryLaunchAfter,
            GivingUp = (item, reason) => item.ToJobEntry().JobId is { Length: > 0 } jobId ? launcher.GiveUpAsync(jobId, reason) : Task.CompletedTask,
        }, logger, time);

        await RedisOutage.RetryAsync(queue.EnsureGroupAsync, TimeSpan.FromSeconds(1), time, ex => LogRedisUnavailable(ex.Message), stoppingToken);

        // Up to Parallelism launches at a time, a new one as soon as any ends: one launch waiting
        // out a GitHub rate limit does not hold back the rest.
        var inFlight = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                inFlight.RemoveAll(task => task.IsCompleted);
                var free = settings.Parallelism - inFlight.Count;
                if (free == 0)
                {
                    await Task.WhenAny(inFlight).WaitAsync(stoppingToken);
                    continue;
                }

                var items = await queue.NextAsync(free);
                if (items.Count == 0)
                {
                    await Task.Delay(settings.PollInterval, time, stoppingToken);
                    continue;
                }
                inFlight.AddRange(items.Select(item => HandleAsync(queue, item, stoppingToken)));
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
        await Task.WhenAll(inFlight).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private async Task HandleAsync(StreamWorkQueue queue, WorkItem item, CancellationToken cancellationToken)
    {
        var entry = item.ToJobEntry();
        if (entry.JobId is not { Length: > 0 } jobId)
        {
            await queue.DeadLetterAsync(item, "the entry names no job_id");
            return;
        }

        using var activity = OrchestratorTelemetry.StartLaunch(entry.TraceParent, jobId);
        LaunchOutcome outcome;
        using (var launching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var keeping = KeepAsync(queue, item.Id, launching.Token);
            try
            {
                outcome = await launcher.LaunchAsync(jobId, entry.Token, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Left pending: it comes back after RetryLaunchAfter, up to MaxDeliveries times.
                LogUnexpected(ex, jobId);
                launcher.RememberFailure(jobId, ex.Message);
                return;
            }
            finally
            {
                await launching.CancelAsync();
                await keeping;
            }
        }

        if (outcome == LaunchOutcome.Done)
        {
            try
            {
                await queue.AckAsync(item.Id);
            }
            catch (Exception ex) when (RedisOutage.Is(ex))
            {
                // The job is launched; delivered again, it is recognised as such and acknowledged then.
                LogRedisUnavailable(ex.Message);
            }
        }
    }

    /// <summary>Keeps the entry this replica's while its launch runs, however long GitHub or ECS make it wait.</summary>
    private async Task KeepAsync(StreamWorkQueue queue, string entryId, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(options.Value.RetryLaunchAfter / 3, time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await queue.KeepAsync(entryId);
                }
                catch (Exception ex) when (RedisOutage.Is(ex))
                {
                    // Tried again at the next tick: a short outage does not hand the launch to another replica.
                    LogRedisUnavailable(ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable to the job launcher: {Reason}")]
    private partial void LogRedisUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Launching job {JobId} failed; it will be tried again")]
    private partial void LogUnexpected(Exception exception, string jobId);
}

using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clusters.Logs;

/// <summary>
/// Follows a job's log as server-sent events: the lines there are, then new ones as they come
/// (Redis has no push for streams through StackExchange.Redis, so it polls), until the job has
/// ended and every line is out, or the client goes away.
/// </summary>
public sealed class JobLogStream(JobStore jobs, TimeProvider time)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private const int BatchSize = 500;

    public async IAsyncEnumerable<SseItem<string>> FollowAsync(
        string jobId, string? afterId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // Status first: a job's last lines are written in the same step as its final status,
            // so once it reads as ended, the reads below see every line it will have.
            var job = await jobs.GetAsync(jobId);
            if (job is null)
            {
                yield break;
            }
            var ended = StatusTransitions.IsTerminal(job.Status);

            IReadOnlyList<JobLogLine> lines;
            do
            {
                lines = await jobs.GetLogsAsync(jobId, afterId, BatchSize);
                foreach (var line in lines)
                {
                    afterId = line.Id;
                    yield return new SseItem<string>(line.Line) { EventId = line.Id };
                }
            }
            while (lines.Count == BatchSize && !cancellationToken.IsCancellationRequested);

            if (ended || !await WaitAsync(cancellationToken))
            {
                yield break;
            }
        }
    }

    private async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(PollInterval, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

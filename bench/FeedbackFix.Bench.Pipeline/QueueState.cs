using System.Diagnostics;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Bench.Pipeline;

/// <summary>
/// Whether clustering has caught up: nothing unclustered, nothing pending with the embedders and
/// nothing left on <c>stream:embedded</c> (the membership writer deletes what it acknowledged);
/// and whether it has gone quiet after that: every cluster labelled and no membership change for
/// <see cref="QuietFor"/>, so the refinement due by the last items (committed right after they are
/// acknowledged) and the labels after it are done.
/// </summary>
internal static class QueueState
{
    /// <summary>How long <c>clustering:version</c> must stay as it is: several times what a refinement of a small store takes.</summary>
    public static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(1);

    private const string EmbeddersGroup = "embedders";

    public static async Task<bool> IsDrainedAsync(IDatabase db)
    {
        var unclustered = db.SetLengthAsync(RedisKeys.FeedbackUnclustered);
        var pending = db.StreamPendingAsync(RedisKeys.FeedbackStream, EmbeddersGroup);
        var toPlace = db.StreamLengthAsync(RedisKeys.EmbeddedStream);
        try
        {
            return await unclustered == 0 && (await pending).PendingMessageCount == 0 && await toPlace == 0;
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return false; // the embedders have not created their group yet
        }
    }

    /// <summary>How many clusters have no summary yet (one merged away meanwhile counts as none).</summary>
    public static async Task<int> UnlabelledAsync(IDatabase db)
    {
        var ids = await db.SetMembersAsync(RedisKeys.ClustersAll);
        var summaries = await Task.WhenAll(ids.Select(id => db.HashStringLengthAsync(RedisKeys.Cluster(id.ToString()), "summary")));
        return summaries.Count(length => length == 0);
    }

    /// <summary>Polls every few milliseconds until drained; fails after <paramref name="within"/>.</summary>
    public static Task WaitDrainedAsync(IDatabase db, TimeSpan within, CancellationToken cancellationToken) =>
        WaitAsync(db, IsDrainedAsync, within, cancellationToken);

    /// <summary>Polls every few milliseconds until drained and quiet (see the class); fails after <paramref name="within"/>.</summary>
    public static Task WaitQuietAsync(IDatabase db, TimeSpan within, CancellationToken cancellationToken)
    {
        var (version, since) = ((RedisValue)(-1), 0L);
        return WaitAsync(db, async d =>
        {
            if (!await IsDrainedAsync(d) || await UnlabelledAsync(d) > 0)
            {
                return false;
            }
            var now = await d.StringGetAsync(RedisKeys.ClusteringVersion);
            if (now != version)
            {
                (version, since) = (now, Stopwatch.GetTimestamp());
                return false;
            }
            return Stopwatch.GetElapsedTime(since) >= QuietFor;
        }, within, cancellationToken);
    }

    private static async Task WaitAsync(IDatabase db, Func<IDatabase, Task<bool>> reached, TimeSpan within, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(within);
        try
        {
            while (!await reached(db))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var left = await db.SetLengthAsync(RedisKeys.FeedbackUnclustered);
            var unlabelled = await UnlabelledAsync(db);
            throw new TimeoutException(
                $"The worker did not catch up within {within.TotalSeconds:0} s: {left} items still unclustered, {unlabelled} clusters without a summary.");
        }
    }
}

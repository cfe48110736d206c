using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Bench.Pipeline;

/// <summary>
/// Whether clustering has caught up: nothing unclustered, nothing pending with the embedders and
/// nothing left on <c>stream:embedded</c> (the membership writer deletes what it acknowledged);
/// and whether it has gone quiet after that: every cluster labelled, which the writer does once its
/// queue is idle and the store settled.
/// </summary>
internal static class QueueState
{
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

    public static async Task<bool> IsLabelledAsync(IDatabase db)
    {
        var ids = await db.SetMembersAsync(RedisKeys.ClustersAll);
        var summaries = await Task.WhenAll(ids.Select(id => db.HashStringLengthAsync(RedisKeys.Cluster(id.ToString()), "summary")));
        return summaries.All(length => length > 0);
    }

    /// <summary>Polls every few milliseconds until drained; fails after <paramref name="within"/>.</summary>
    public static Task WaitDrainedAsync(IDatabase db, TimeSpan within, CancellationToken cancellationToken) =>
        WaitAsync(db, IsDrainedAsync, within, cancellationToken);

    /// <summary>Polls every few milliseconds until drained and every cluster labelled; fails after <paramref name="within"/>.</summary>
    public static Task WaitQuietAsync(IDatabase db, TimeSpan within, CancellationToken cancellationToken) =>
        WaitAsync(db, async d => await IsDrainedAsync(d) && await IsLabelledAsync(d), within, cancellationToken);

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
            throw new TimeoutException($"The worker did not catch up within {within.TotalSeconds:0} s: {left} items still unclustered.");
        }
    }
}

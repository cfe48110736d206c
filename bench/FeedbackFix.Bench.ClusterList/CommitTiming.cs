using System.Diagnostics;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using StackExchange.Redis;

namespace FeedbackFix.Bench.ClusterList;

/// <summary>
/// Membership commits against a cluster of many members: moving out a report from inside its
/// time range (its counts change by one) against moving out its latest report (its range is found
/// again inside Redis). Each move is undone by a second commit before the next.
/// </summary>
internal sealed record CommitTiming(double InsideP50Ms, double EndP50Ms)
{
    public static async Task<CommitTiming> MeasureAsync(IConnectionMultiplexer redis, int members, int runs, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var feedback = new FeedbackStore(redis, TimeProvider.System);
        var membership = new ClusterMembershipStore(redis, TimeProvider.System);
        var start = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = new List<string>();
        foreach (var chunk in Enumerable.Range(0, members).Chunk(1_000))
        {
            var refs = await feedback.AddManyAsync([.. chunk.Select(i => new NewFeedback(FeedbackSource.Manual, null, "t", "b", null, null, start.AddSeconds(i)))], null);
            ids.AddRange(refs.Select(r => r.Id));
        }
        var large = Ids.New();
        var small = Ids.New();
        var other = await feedback.AddAsync(new NewFeedback(FeedbackSource.Reddit, null, "t", "b", null, null, start.AddDays(-1)), null);
        await CommitAsync(db, membership, new ClusterMembershipUpdate(large, [1f], ids, [], Opened: true),
            new ClusterMembershipUpdate(small, [1f], [other.Id], [], Opened: true));

        var inside = new List<double>();
        var end = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            inside.Add(await MoveAndBackAsync(db, membership, large, small, ids[members / 2]));
            end.Add(await MoveAndBackAsync(db, membership, large, small, ids[^1]));
        }
        inside.Sort();
        end.Sort();
        return new CommitTiming(inside[inside.Count / 2], end[end.Count / 2]);
    }

    /// <summary>Times the commit that moves <paramref name="item"/> out of the large cluster, then moves it back.</summary>
    private static async Task<double> MoveAndBackAsync(IDatabase db, ClusterMembershipStore membership, string large, string small, string item)
    {
        var clock = Stopwatch.StartNew();
        await CommitAsync(db, membership, new ClusterMembershipUpdate(large, [1f], [], [item]),
            new ClusterMembershipUpdate(small, [1f], [item], []));
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await CommitAsync(db, membership, new ClusterMembershipUpdate(large, [1f], [item], []),
            new ClusterMembershipUpdate(small, [1f], [], [item]));
        return elapsed;
    }

    private static async Task CommitAsync(IDatabase db, ClusterMembershipStore membership, params ClusterMembershipUpdate[] updates)
    {
        var lease = await RedisLease.TryAcquireAsync(db, RedisKeys.ClusteringLock, TimeSpan.FromSeconds(60))
            ?? throw new InvalidOperationException("The clustering lease is taken.");
        try
        {
            if (!await membership.CommitAsync(new MembershipChanges(updates, []), lease))
            {
                throw new InvalidOperationException("A commit was refused.");
            }
        }
        finally
        {
            await lease.ReleaseAsync();
        }
    }
}

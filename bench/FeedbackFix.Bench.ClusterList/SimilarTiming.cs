using System.Diagnostics;
using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Similarity;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using StackExchange.Redis;

namespace FeedbackFix.Bench.ClusterList;

/// <summary>
/// <c>GET /clusters/{id}/similar</c>'s work (<see cref="SimilarClusters"/>, no HTTP) over every stored
/// cluster, each given a random centroid of <c>dimension</c> components as the writer stores it: a
/// first request, which reads every centroid into the snapshot, and then requests the snapshot answers.
/// </summary>
internal sealed record SimilarTiming(int Clusters, double FirstP50Ms, double ReusedP50Ms, double ReusedP95Ms)
{
    private const int Limit = 8;

    public static async Task<SimilarTiming> MeasureAsync(IConnectionMultiplexer redis, int dimension, int runs, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var ids = (await db.SetMembersAsync(RedisKeys.ClustersAll)).Select(v => v.ToString()).ToList();
        var random = new Random(11);
        foreach (var chunk in ids.Chunk(1_000))
        {
            await Task.WhenAll(chunk.Select(id => db.StringSetAsync(RedisKeys.ClusterVector(id),
                VectorCodec.Encode([.. Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() - 0.5))]))));
        }

        var feedback = new FeedbackStore(redis, TimeProvider.System);
        var clusters = new ClusterStore(redis, feedback, TimeProvider.System);
        var membership = new ClusterMembershipStore(redis, TimeProvider.System);
        var model = new EmbeddingModelInfo("bench/random", dimension);
        SimilarClusters Fresh() => new(new VectorStore(redis), clusters, membership, model, TimeProvider.System);

        // Each first request on a service of its own: the snapshot is read whole every time.
        var first = new List<double>();
        for (var i = 0; i < Math.Max(runs / 10, 3); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var similar = Fresh();
            var clock = Stopwatch.StartNew();
            await similar.FindAsync(ids[random.Next(ids.Count)], Limit);
            first.Add(clock.Elapsed.TotalMilliseconds);
        }

        var reusing = Fresh();
        await reusing.FindAsync(ids[0], Limit);
        var reused = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            await reusing.FindAsync(ids[random.Next(ids.Count)], Limit);
            reused.Add(clock.Elapsed.TotalMilliseconds);
        }

        first.Sort();
        reused.Sort();
        return new SimilarTiming(ids.Count, first[first.Count / 2], reused[reused.Count / 2], reused[(int)(reused.Count * 0.95)]);
    }
}

using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clustering.Similarity;

/// <summary>
/// The clusters nearest in meaning to one cluster, by the cosine between the centroids the membership
/// writer commits (<c>cluster:vector:{id}</c>), so any replica answers, writer or not. A person merges
/// what the worker kept apart from these (the dashboard's Merge and Move offer them first). The other
/// centroids come from a snapshot that is read again once <c>clustering:version</c> has moved on and it
/// is older than <see cref="FreshFor"/>, by one request while the others answer from the snapshot they
/// have; the asked cluster's own centroid and every answer's fields are read fresh, and a cluster
/// merged or deleted since the snapshot is left out.
/// </summary>
public sealed class SimilarClusters(
    VectorStore vectors, ClusterStore clusters, ClusterMembershipStore membership, EmbeddingModelInfo model, TimeProvider time)
{
    /// <summary>How long a snapshot answers while the worker keeps committing: reading every centroid again costs a store's worth of reads.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(10);

    // Asked for beyond the limit, for clusters merged or deleted since the snapshot.
    private const int Spare = 5;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private CentroidSnapshot? _snapshot;

    /// <summary>
    /// Up to <paramref name="limit"/> other clusters, nearest first; empty when the cluster has no centroid
    /// yet (the worker has not committed it); null when there is no such cluster. A merged-away id answers
    /// for the cluster that absorbed it.
    /// </summary>
    public async Task<IReadOnlyList<SimilarCluster>?> FindAsync(string id, int limit, CancellationToken cancellationToken = default)
    {
        if (await clusters.GetAsync(id) is not { } cluster)
        {
            return null;
        }
        if (await vectors.GetCentroidAsync(cluster.Id, model.Dimension) is not { } centroid)
        {
            return [];
        }

        var nearest = (await CurrentAsync(cancellationToken)).Nearest(centroid, cluster.Id, limit + Spare);
        var found = await clusters.GetManyAsync([.. nearest.Select(n => n.ClusterId)]);
        return [.. nearest.Zip(found)
            .Where(pair => pair.Second is not null)
            .Take(limit)
            .Select(pair => new SimilarCluster(pair.Second!, Math.Round(pair.First.Similarity, 3)))];
    }

    private async Task<CentroidSnapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } recent && time.GetElapsedTime(recent.LoadedAt) < FreshFor)
        {
            return recent;
        }
        var version = await membership.GetVersionAsync();
        if (_snapshot is { } unchanged && unchanged.Version == version)
        {
            return unchanged;
        }
        // One request reads it again; the others meanwhile answer from the one they have, if any.
        if (!await _loading.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            if (_snapshot is { } meanwhile)
            {
                return meanwhile;
            }
            await _loading.WaitAsync(cancellationToken);
        }
        try
        {
            // Another request may have read it meanwhile.
            if (_snapshot is { } current && (current.Version == version || time.GetElapsedTime(current.LoadedAt) < FreshFor))
            {
                return current;
            }
            // The version first: a commit between the two reads leaves the snapshot newer than its version, never older.
            var loaded = new CentroidSnapshot(await vectors.GetCentroidsAsync(model.Dimension), model.Dimension, version, time.GetTimestamp());
            _snapshot = loaded;
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }
}

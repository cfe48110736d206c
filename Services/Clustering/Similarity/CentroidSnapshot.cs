using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Clustering.Similarity;

/// <summary>
/// Every cluster's centroid as read from Redis at <see cref="Version"/> of <c>clustering:version</c>,
/// normalised into one flat row-major array, searched whole: a brute-force cosine over every row costs
/// less than reading the rows did (docs/benchmarks.md, "Similar clusters over 10,000 centroids").
/// </summary>
internal sealed class CentroidSnapshot
{
    private readonly string[] _ids;
    private readonly float[] _rows;
    private readonly int _dimension;

    public CentroidSnapshot(IReadOnlyList<(string ClusterId, float[] Centroid)> centroids, int dimension, long version, long loadedAt)
    {
        _dimension = dimension;
        _ids = [.. centroids.Select(c => c.ClusterId)];
        _rows = new float[centroids.Count * dimension];
        for (var row = 0; row < centroids.Count; row++)
        {
            VectorMath.Normalize(centroids[row].Centroid, _rows.AsSpan(row * dimension, dimension));
        }
        Version = version;
        LoadedAt = loadedAt;
    }

    public long Version { get; }

    /// <summary>When it was read, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long LoadedAt { get; }

    public int Count => _ids.Length;

    /// <summary>The <paramref name="count"/> clusters nearest to <paramref name="centroid"/> by cosine, nearest first (ties by id), <paramref name="exclude"/> left out.</summary>
    public IReadOnlyList<(string ClusterId, float Similarity)> Nearest(ReadOnlySpan<float> centroid, string exclude, int count)
    {
        var query = VectorMath.Normalized(centroid);
        // The best `count` so far, the worst of them on top.
        var best = new PriorityQueue<int, (float Similarity, string Id)>(count + 1, Comparer<(float Similarity, string Id)>.Create(Worse));
        for (var row = 0; row < _ids.Length; row++)
        {
            if (string.Equals(_ids[row], exclude, StringComparison.Ordinal))
            {
                continue;
            }
            var similarity = VectorMath.Dot(query, _rows.AsSpan(row * _dimension, _dimension));
            best.Enqueue(row, (similarity, _ids[row]));
            if (best.Count > count)
            {
                best.Dequeue();
            }
        }

        var nearest = new (string ClusterId, float Similarity)[best.Count];
        for (var at = nearest.Length - 1; at >= 0; at--)
        {
            best.TryDequeue(out var row, out var key);
            nearest[at] = (_ids[row], key.Similarity);
        }
        return nearest;
    }

    // Orders the worse first: the lower similarity, and of equals the later id.
    private static int Worse((float Similarity, string Id) a, (float Similarity, string Id) b) =>
        a.Similarity != b.Similarity ? a.Similarity.CompareTo(b.Similarity) : string.CompareOrdinal(b.Id, a.Id);
}

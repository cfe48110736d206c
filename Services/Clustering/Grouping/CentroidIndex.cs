namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// Normalised centroids in one flat row-major array, so a nearest-centroid search is a run of
/// contiguous SIMD dot products, fast with thousands of clusters.
/// </summary>
internal sealed class CentroidIndex(int dimension)
{
    private float[] rows = new float[dimension * 64];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    /// <summary>Appends a row and returns its index.</summary>
    public int Append(ReadOnlySpan<float> centroid)
    {
        if ((Count + 1) * dimension > rows.Length)
        {
            Array.Resize(ref rows, rows.Length * 2);
        }

        Set(Count, centroid);
        return Count++;
    }

    public void Set(int row, ReadOnlySpan<float> centroid) => centroid.CopyTo(rows.AsSpan(row * dimension, dimension));

    public ReadOnlySpan<float> Row(int row) => rows.AsSpan(row * dimension, dimension);

    /// <summary>The most similar row by cosine (rows and query are unit length), -1 when empty.</summary>
    public (int Row, float Similarity) Nearest(ReadOnlySpan<float> query, int skip = -1)
    {
        var best = -1;
        var bestSimilarity = float.NegativeInfinity;
        for (var row = 0; row < Count; row++)
        {
            if (row == skip)
            {
                continue;
            }

            var similarity = VectorMath.Dot(query, rows.AsSpan(row * dimension, dimension));
            if (similarity > bestSimilarity)
            {
                best = row;
                bestSimilarity = similarity;
            }
        }

        return (best, bestSimilarity);
    }
}

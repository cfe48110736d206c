using System.Buffers;

namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// Normalised centroids in one flat row-major array, so a nearest-centroid search is a run of
/// contiguous SIMD dot products, and the same centroids column by column (component f of every
/// centroid side by side), so a sparse query scores all centroids with one SIMD pass over each
/// of its non-zero components: for hashed n-grams of a short text about 1/8 of the work.
/// Searches may run in parallel; writes may not run beside them.
/// </summary>
internal sealed class CentroidIndex(int dimension)
{
    private const int InitialCapacity = 64;

    private float[] rows = new float[dimension * InitialCapacity];

    // columns[f * capacity + row] = rows[row * dimension + f]
    private float[] columns = new float[dimension * InitialCapacity];
    private int capacity = InitialCapacity;

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    /// <summary>Appends a row and returns its index.</summary>
    public int Append(ReadOnlySpan<float> centroid)
    {
        if (Count == capacity)
        {
            Grow();
        }

        Set(Count, centroid);
        return Count++;
    }

    public void Set(int row, ReadOnlySpan<float> centroid)
    {
        centroid.CopyTo(rows.AsSpan(row * dimension, dimension));
        for (var f = 0; f < dimension; f++)
        {
            columns[f * capacity + row] = centroid[f];
        }
    }

    public ReadOnlySpan<float> Row(int row) => rows.AsSpan(row * dimension, dimension);

    /// <summary>The most similar row to a member by cosine (rows and member are unit length), -1 when empty.</summary>
    public (int Row, float Similarity) Nearest(Member member, int skip = -1) =>
        member.Support is { } support ? NearestSparse(member.Vector, support, skip) : Nearest(member.Vector, skip);

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

    private (int Row, float Similarity) NearestSparse(float[] query, int[] support, int skip)
    {
        var count = Count;
        var rented = ArrayPool<float>.Shared.Rent(count);
        try
        {
            var scores = rented.AsSpan(0, count);
            scores.Clear();
            foreach (var f in support)
            {
                VectorMath.Add(scores, columns.AsSpan(f * capacity, count), query[f]);
            }

            var best = -1;
            var bestSimilarity = float.NegativeInfinity;
            for (var row = 0; row < count; row++)
            {
                if (row != skip && scores[row] > bestSimilarity)
                {
                    best = row;
                    bestSimilarity = scores[row];
                }
            }

            return (best, bestSimilarity);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    private void Grow()
    {
        var grown = capacity * 2;
        Array.Resize(ref rows, dimension * grown);
        var relaid = new float[dimension * grown];
        for (var f = 0; f < dimension; f++)
        {
            columns.AsSpan(f * capacity, Count).CopyTo(relaid.AsSpan(f * grown, Count));
        }

        columns = relaid;
        capacity = grown;
    }
}

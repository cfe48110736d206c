using System.Numerics;

namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// Normalised centroids in one flat row-major array, so a nearest-centroid search is a run of
/// contiguous SIMD dot products; and the same centroids in tiles of one SIMD width of rows
/// (tile t holds component f of rows tW..tW+W-1 side by side), so a sparse query scores W
/// centroids at once with one SIMD multiply-add per non-zero component, the W scores staying in
/// a register: for hashed n-grams of a short text about 1/8 of the dense work. Writing a row
/// into its tile touches one contiguous block, so online updates stay cheap.
/// Searches may run in parallel; writes may not run beside them.
/// </summary>
internal sealed class CentroidIndex(int dimension, int expectedRows = 64)
{
    private static readonly int Width = Vector<float>.Count;

    private int capacity = (Math.Max(expectedRows, 1) + Width - 1) / Width * Width;
    private float[] rows = new float[dimension * ((Math.Max(expectedRows, 1) + Width - 1) / Width * Width)];

    // tiles[(row / Width) * dimension * Width + f * Width + row % Width] = rows[row * dimension + f]
    private float[] tiles = new float[dimension * ((Math.Max(expectedRows, 1) + Width - 1) / Width * Width)];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    /// <summary>Appends a row and returns its index.</summary>
    public int Append(ReadOnlySpan<float> centroid)
    {
        if (Count == capacity)
        {
            capacity *= 2;
            Array.Resize(ref rows, dimension * capacity);
            Array.Resize(ref tiles, dimension * capacity);
        }

        Set(Count, centroid);
        return Count++;
    }

    public void Set(int row, ReadOnlySpan<float> centroid)
    {
        centroid.CopyTo(rows.AsSpan(row * dimension, dimension));
        var tile = tiles.AsSpan(row / Width * dimension * Width, dimension * Width);
        var lane = row % Width;
        for (var f = 0; f < dimension; f++)
        {
            tile[f * Width + lane] = centroid[f];
        }
    }

    public ReadOnlySpan<float> Row(int row) => rows.AsSpan(row * dimension, dimension);

    /// <summary>The most similar row to a member by cosine (rows and member are unit length), -1 when empty.</summary>
    public (int Row, float Similarity) Nearest(Member member, int skip = -1)
    {
        var (row, similarity, _) = NearestTwo(member, skip);
        return (row, similarity);
    }

    /// <summary>As <see cref="Nearest(Member, int)"/>, with the best similarity of any other row (-infinity when none).</summary>
    public (int Row, float Similarity, float RunnerUp) NearestTwo(Member member, int skip = -1) =>
        member.Support is { } support ? NearestSparse(member.Vector, support, skip) : NearestDense(member.Vector, skip);

    /// <summary>The member's cosine to one row, computed exactly as the searches compute it.</summary>
    public float Similarity(Member member, int row)
    {
        var centroid = rows.AsSpan(row * dimension, dimension);
        if (member.Support is not { } support)
        {
            return VectorMath.Dot(member.Vector, centroid);
        }

        var sum = 0f;
        foreach (var f in support)
        {
            sum += member.Vector[f] * centroid[f];
        }
        return sum;
    }

    /// <summary>
    /// The member's cosine to each of the rows <paramref name="targets"/>, into <paramref name="similarities"/>,
    /// each exactly as <see cref="Similarity"/> computes it. A sparse member is scored against four
    /// rows in one walk of its support: four independent sums instead of one chain of additions.
    /// </summary>
    public void Similarities(Member member, ReadOnlySpan<int> targets, Span<float> similarities)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(similarities.Length, targets.Length);
        var at = 0;
        if (member.Support is { } support)
        {
            var vector = member.Vector;
            for (; at + 4 <= targets.Length; at += 4)
            {
                var r0 = Row(targets[at]);
                var r1 = Row(targets[at + 1]);
                var r2 = Row(targets[at + 2]);
                var r3 = Row(targets[at + 3]);
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                foreach (var f in support)
                {
                    var weight = vector[f];
                    s0 += weight * r0[f];
                    s1 += weight * r1[f];
                    s2 += weight * r2[f];
                    s3 += weight * r3[f];
                }
                (similarities[at], similarities[at + 1], similarities[at + 2], similarities[at + 3]) = (s0, s1, s2, s3);
            }
        }
        for (; at < targets.Length; at++)
        {
            similarities[at] = Similarity(member, targets[at]);
        }
    }

    /// <summary>The most similar row by cosine (rows and query are unit length), -1 when empty.</summary>
    public (int Row, float Similarity) Nearest(ReadOnlySpan<float> query, int skip = -1)
    {
        var (row, similarity, _) = NearestDense(query, skip);
        return (row, similarity);
    }

    private (int Row, float Similarity, float RunnerUp) NearestDense(ReadOnlySpan<float> query, int skip)
    {
        var best = new Best(skip);
        for (var row = 0; row < Count; row++)
        {
            best.Offer(row, VectorMath.Dot(query, rows.AsSpan(row * dimension, dimension)));
        }

        return (best.Row, best.Similarity, best.RunnerUp);
    }

    private (int Row, float Similarity, float RunnerUp) NearestSparse(float[] query, int[] support, int skip)
    {
        var best = new Best(skip);
        var weights = new float[support.Length];
        for (var s = 0; s < support.Length; s++)
        {
            weights[s] = query[support[s]];
        }

        Span<float> lanes = stackalloc float[Width];
        for (var first = 0; first < Count; first += Width)
        {
            var tile = tiles.AsSpan(first * dimension, dimension * Width);
            var scores = Vector<float>.Zero;
            for (var s = 0; s < support.Length; s++)
            {
                scores += new Vector<float>(weights[s]) * new Vector<float>(tile.Slice(support[s] * Width, Width));
            }

            scores.CopyTo(lanes);
            var inTile = Math.Min(Width, Count - first);
            for (var lane = 0; lane < inTile; lane++)
            {
                best.Offer(first + lane, lanes[lane]);
            }
        }

        return (best.Row, best.Similarity, best.RunnerUp);
    }

    /// <summary>The best and second-best similarity seen, the first row winning a tie.</summary>
    private struct Best(int skip)
    {
        public int Row = -1;
        public float Similarity = float.NegativeInfinity;
        public float RunnerUp = float.NegativeInfinity;

        public void Offer(int row, float similarity)
        {
            if (row == skip)
            {
                return;
            }

            if (similarity > Similarity)
            {
                RunnerUp = Similarity;
                (Row, Similarity) = (row, similarity);
            }
            else if (similarity > RunnerUp)
            {
                RunnerUp = similarity;
            }
        }
    }
}

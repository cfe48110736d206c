namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// An item in a cluster with its unit-length vector and, when most of its components are zero
/// (hashed n-grams of a short text), the positions of the others: a nearest-centroid search then
/// touches only those (see <see cref="CentroidIndex"/>).
/// </summary>
internal readonly record struct Member(string ItemId, float[] Vector, int[]? Support)
{
    public static Member Of(string itemId, float[] unitVector) => new(itemId, unitVector, SparseSupport(unitVector));

    // Worth it when at most a quarter of the components are non-zero; dense model vectors never are.
    private static int[]? SparseSupport(float[] vector)
    {
        var limit = vector.Length / 4;
        var support = new List<int>(Math.Min(limit, 256));
        for (var i = 0; i < vector.Length; i++)
        {
            if (vector[i] != 0f)
            {
                if (support.Count == limit)
                {
                    return null;
                }
                support.Add(i);
            }
        }
        return [.. support];
    }
}

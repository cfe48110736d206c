namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// How far members sit from their own centroid, measured on the data rather than fixed: whether
/// a newcomer belongs to a cluster is judged against how that cluster's own members are spread.
/// </summary>
internal static class Spread
{
    /// <summary>
    /// Sets each cluster of at least <paramref name="minSize"/> members to its join radius: the
    /// <paramref name="percentile"/> of its members' cosines to its centroid, never below
    /// <paramref name="floor"/>; smaller clusters (too few members to measure) get none.
    /// </summary>
    public static void SetRadii(IEnumerable<Cluster> clusters, int minSize, double percentile, float floor)
    {
        foreach (var cluster in clusters)
        {
            cluster.Radius = percentile > 0 && cluster.Count >= minSize
                ? MathF.Max(floor, Percentile(MemberCosines(cluster), percentile))
                : float.PositiveInfinity;
        }
    }

    private static List<float> MemberCosines(Cluster cluster) =>
        cluster.Members.Select(m => VectorMath.Dot(m.Vector, cluster.Centroid)).ToList();

    // Nearest-rank percentile: about that share of the values lie below the result.
    private static float Percentile(List<float> values, double percentile)
    {
        values.Sort();
        var rank = (int)Math.Floor(percentile / 100.0 * (values.Count - 1));
        return values[Math.Clamp(rank, 0, values.Count - 1)];
    }
}

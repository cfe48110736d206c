namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// A cluster's mutable state: members in arrival order, the sum of their unit vectors and the
/// normalised centroid. The sum also gives cohesion for free: for unit vectors the mean pairwise
/// cosine of the members is (|sum|^2 - n) / (n (n - 1)).
/// </summary>
internal sealed class Cluster(string id, int dimension)
{
    public string Id { get; } = id;

    public List<Member> Members { get; } = [];

    public float[] Sum { get; } = new float[dimension];

    public float[] Centroid { get; } = new float[dimension];

    public int Count => Members.Count;

    /// <summary>The space's arrival count when the cluster last gained an item online.</summary>
    public long LastGrowth { get; set; }

    /// <summary>When the cluster last gained an item online (or was loaded).</summary>
    public DateTimeOffset LastGrowthAt { get; set; }

    /// <summary>
    /// Cosine to the centroid within which an item may join this cluster even below the global
    /// assign threshold; set by refinement from the members' spread, infinite when not set.
    /// </summary>
    public float Radius { get; set; } = float.PositiveInfinity;

    /// <summary>Moves on whenever the centroid's floats change: equal versions mean the same centroid.</summary>
    public long Version { get; private set; }

    public void Add(Member member)
    {
        Members.Add(member);
        VectorMath.Add(Sum, member.Vector);
        VectorMath.Normalize(Sum, Centroid);
        Version++;
    }

    /// <summary>
    /// Recomputes sum and centroid from the members, after members were taken out or added other
    /// than by <see cref="Add"/>. A sum built by <see cref="Add"/> alone is already this one: the same
    /// additions in the same order.
    /// </summary>
    public void Recompute()
    {
        Array.Clear(Sum);
        foreach (var member in Members)
        {
            VectorMath.Add(Sum, member.Vector);
        }

        Span<float> centroid = Centroid.Length <= 2048 ? stackalloc float[Centroid.Length] : new float[Centroid.Length];
        VectorMath.Normalize(Sum, centroid);
        if (!centroid.SequenceEqual(Centroid))
        {
            centroid.CopyTo(Centroid);
            Version++;
        }
    }

    /// <summary>Mean cosine between a member and another member; 1 for a singleton.</summary>
    public float Cohesion()
    {
        var n = Count;
        return n < 2 ? 1f : (VectorMath.Dot(Sum, Sum) - n) / (n * (float)(n - 1));
    }
}

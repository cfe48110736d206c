namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// The clusters an agglomeration (<see cref="Merging"/>, <see cref="Gathering"/>) joins, with running
/// sums and sizes: joining a pair keeps the larger (the first on a tie), moves the other's members
/// into it and records where the absorbed id now resolves. The clusters' own sums are recomputed
/// from their members afterwards.
/// </summary>
internal sealed class WorkingClusters(List<Cluster> group, Dictionary<string, string> absorptions)
{
    public float[][] Sums { get; } = [.. group.Select(c => (float[])c.Sum.Clone())];

    public float[] Sizes { get; } = [.. group.Select(c => (float)c.Count)];

    public int Count => group.Count;

    public float Dot(int i, int j) => VectorMath.Dot(Sums[i], Sums[j]);

    /// <summary>Joins clusters <paramref name="i"/> and <paramref name="j"/>; returns which survived and which was absorbed.</summary>
    public (int Survivor, int Absorbed) Join(int i, int j)
    {
        var (survivor, absorbed) = Sizes[j] > Sizes[i] ? (j, i) : (i, j);
        VectorMath.Add(Sums[survivor], Sums[absorbed]);
        Sizes[survivor] += Sizes[absorbed];
        group[survivor].Members.AddRange(group[absorbed].Members);
        group[absorbed].Members.Clear();
        absorptions[group[absorbed].Id] = group[survivor].Id;
        return (survivor, absorbed);
    }
}

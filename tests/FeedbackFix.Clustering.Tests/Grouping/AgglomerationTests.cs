using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Clustering.Tests.Grouping;

/// <summary>
/// Merging and gathering keep only what they need between steps (the best partners, the pairs that reach
/// the bar); each step's decision must still be the one a scan of every pair makes. Checked against such
/// a scan, written here as plainly as possible, on random clusters around shared topics.
/// </summary>
public class AgglomerationTests
{
    private const int Dimension = 24;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Gathering_absorbs_what_a_scan_of_every_pair_would(int seed)
    {
        var clusters = RandomClusters(seed, count: 60, minSize: 1, maxSize: 3);
        var reference = Copy(clusters);
        var absorbed = new Dictionary<string, string>(StringComparer.Ordinal);
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);

        new Gathering(clusters, 0.4f, absorbed).Run();
        ScanEveryPair(reference, expected, (a, b) => Dot(a, b) / (a.Count * b.Count), 0.4f);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, absorbed);
        Assert.Equal(Partition(reference), Partition(clusters));
    }

    [Theory]
    [InlineData(1, 0f)]
    [InlineData(2, 0f)]
    [InlineData(3, 1.25f)]
    [InlineData(4, 1.25f)]
    [InlineData(5, 1.1f)]
    public void Merging_absorbs_what_a_scan_of_every_pair_would(int seed, float cohesionFactor)
    {
        var clusters = RandomClusters(seed, count: 40, minSize: 4, maxSize: 12);
        var reference = Copy(clusters);
        var absorbed = new Dictionary<string, string>(StringComparer.Ordinal);
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);

        new Merging(clusters, 0.85f, cohesionFactor, absorbed).Run();
        ScanEveryPair(reference, expected, (a, b) => MergeScore(a, b, 0.85f, cohesionFactor), 0.85f);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, absorbed);
        Assert.Equal(Partition(reference), Partition(clusters));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Refinements_that_remember_settled_clusters_end_where_fresh_refinements_end(int seed)
    {
        var options = new GroupingOptions { MergeThreshold = 0.85, MergeCohesionFactor = 1.25, GatherThreshold = 0.4, MinClusterSize = 4, FoldAfter = 0 };
        var carried = RandomClusters(seed, count: 80, minSize: 1, maxSize: 12);
        var fresh = RandomClusters(seed, count: 80, minSize: 1, maxSize: 12);
        var arrivals = RandomClusters(seed + 100, count: 40, minSize: 1, maxSize: 3).SelectMany(c => c.Members).ToList();
        var memory = new RefineMemory();
        var merges = 0;

        for (var round = 0; round < 4; round++)
        {
            var remembered = Refiner.Run(carried, options, _ => true, memory);
            var measured = Refiner.Run(fresh, options, _ => true);
            Assert.Equal(measured.Absorptions, remembered.Absorptions);
            (carried, fresh) = (remembered.Clusters, measured.Clusters);
            Assert.Equal(Partition(fresh), Partition(carried));
            merges += measured.Absorptions.Count;

            // Some clusters grow between refinements, as online arrivals make them; the rest stay as they were.
            foreach (var (member, n) in arrivals.Skip(round * 10).Take(10).Select((m, n) => (m, n)))
            {
                Arrive(fresh[(n * 7 + round) % fresh.Count].Id, member);
            }
            // And one established cluster takes reports of another's topic, so that pair now merges.
            var (drifting, towards) = (fresh.First(c => c.Count >= 4), fresh.Last(c => c.Count >= 4));
            foreach (var member in towards.Members.ToList())
            {
                Arrive(drifting.Id, member with { ItemId = $"drift{round}-{member.ItemId}" });
                Arrive(drifting.Id, member with { ItemId = $"drift{round}b-{member.ItemId}" });
            }
        }
        Assert.True(merges > 0);

        void Arrive(string clusterId, Member member)
        {
            carried.Single(c => c.Id == clusterId).Add(member);
            fresh.Single(c => c.Id == clusterId).Add(member);
        }
    }

    // At each step, every pair in row order; the last of the best that reach the bar merges, the larger surviving.
    private static void ScanEveryPair(List<Group> groups, Dictionary<string, string> absorbed, Func<Group, Group, float> score, float bar)
    {
        while (true)
        {
            var (bi, bj, best) = (-1, -1, bar);
            for (var i = 0; i < groups.Count; i++)
            {
                for (var j = i + 1; j < groups.Count; j++)
                {
                    if (groups[i].Count > 0 && groups[j].Count > 0 && score(groups[i], groups[j]) is var s && s >= best)
                    {
                        (bi, bj, best) = (i, j, s);
                    }
                }
            }
            if (bi < 0)
            {
                return;
            }
            var (survivor, gone) = groups[bj].Count > groups[bi].Count ? (groups[bj], groups[bi]) : (groups[bi], groups[bj]);
            survivor.Vectors.AddRange(gone.Vectors);
            gone.Vectors.Clear();
            absorbed[gone.Id] = survivor.Id;
        }
    }

    private static float MergeScore(Group a, Group b, float threshold, float cohesionFactor)
    {
        var (sa, sb) = (a.Sum(), b.Sum());
        var dot = VectorMath.Dot(sa, sb);
        var (qa, qb) = (VectorMath.Dot(sa, sa), VectorMath.Dot(sb, sb));
        var (na, nb) = ((float)a.Count, (float)b.Count);
        var cohesion = (qa - na) / (na * (na - 1)) * ((qb - nb) / (nb * (nb - 1)));
        var relative = dot / (na * nb) / MathF.Sqrt(MathF.Max(1e-6f, cohesion));
        if (cohesionFactor <= 0)
        {
            return relative;
        }
        var centroids = dot / MathF.Sqrt(MathF.Max(1e-12f, qa * qb));
        var tightness = MathF.Min(MathF.Sqrt(qa) / na, MathF.Sqrt(qb) / nb);
        return MathF.Max(relative, threshold * centroids / (cohesionFactor * MathF.Max(1e-6f, tightness)));
    }

    private static float Dot(Group a, Group b) => VectorMath.Dot(a.Sum(), b.Sum());

    // Clusters of unit vectors scattered around a few topics, so that some pairs reach the bars and most do not.
    private static List<Cluster> RandomClusters(int seed, int count, int minSize, int maxSize)
    {
        var random = new Random(seed);
        var topics = Enumerable.Range(0, 6).Select(_ => VectorMath.Normalized(Noise(random, 1f))).ToArray();
        var clusters = new List<Cluster>();
        for (var c = 0; c < count; c++)
        {
            var topic = topics[random.Next(topics.Length)];
            var spread = 0.2f + 0.4f * (float)random.NextDouble();
            var cluster = new Cluster($"c{c}", Dimension);
            for (var m = random.Next(minSize, maxSize + 1); m > 0; m--)
            {
                var vector = Noise(random, spread);
                VectorMath.Add(vector, topic);
                cluster.Add(Member.Of($"c{c}-{m}", VectorMath.Normalized(vector)));
            }
            clusters.Add(cluster);
        }
        return clusters;
    }

    private static float[] Noise(Random random, float scale) =>
        [.. Enumerable.Range(0, Dimension).Select(_ => scale * (float)(random.NextDouble() * 2 - 1))];

    private static List<Group> Copy(List<Cluster> clusters) =>
        [.. clusters.Select(c => new Group(c.Id, [.. c.Members.Select(m => m.Vector)]))];

    private static string[] Partition(List<Cluster> clusters) =>
        [.. clusters.Where(c => c.Count > 0).Select(c => $"{c.Id}:{c.Count}").Order(StringComparer.Ordinal)];

    private static string[] Partition(List<Group> groups) =>
        [.. groups.Where(g => g.Count > 0).Select(g => $"{g.Id}:{g.Count}").Order(StringComparer.Ordinal)];

    private sealed record Group(string Id, List<float[]> Vectors)
    {
        public int Count => Vectors.Count;

        public float[] Sum()
        {
            var sum = new float[Dimension];
            foreach (var vector in Vectors)
            {
                VectorMath.Add(sum, vector);
            }
            return sum;
        }
    }
}

using System.Globalization;
using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// Research only (<c>--research-merge RULE</c>, not in the worker): once settled, clusters of at
/// least <see cref="GroupingOptions.MinClusterSize"/> are merged further by one of the granularity
/// rules measured in docs/benchmarks.md ("Granularity: merging split halves"), and the result is
/// scored beside the settled state. Centroids and spreads follow each merge. Rules:
/// <list type="bullet">
/// <item><c>cohesion:F</c>: merge A, B while cos(cA, cB) ≥ F × min(coh A, coh B), coh = mean member-to-centroid cosine; closest ratio first.</item>
/// <item><c>silhouette</c>: pairs in order of centroid cosine; merge when the members' mean simplified silhouette (own centroid against the next-nearest) is higher merged than apart.</item>
/// <item><c>gap[:FLOOR]</c>: agglomerate by the worker's relative linkage down to FLOOR (0.4), then keep the merges above the largest drop between consecutive merge scores.</item>
/// <item><c>members:PHI[:SIZE]</c>: clusters of SIZE (10) or more; merge A, B when at least PHI of A's members reach B's join bar (the lower of <see cref="GroupingOptions.AssignThreshold"/> and B's radius) and vice versa.</item>
/// </list>
/// Candidate pairs are each cluster's <see cref="Neighbours"/> nearest centroids, as a worker would bound them.
/// </summary>
internal static class ResearchMerge
{
    private const int Neighbours = 5;

    public static (string[] Partition, string Note) Apply(IReadOnlyList<float[]> vectors, IReadOnlyList<string> clusters, GroupingOptions options, string rule)
    {
        var unit = vectors.Select(v => VectorMath.Normalized(v)).ToArray();
        var parts = rule.Split(':');
        var groups = clusters.Select((c, i) => (c, i)).GroupBy(x => x.c, StringComparer.Ordinal)
            .Where(g => g.Count() >= options.MinClusterSize)
            .Select(g => new Group(g.Key, g.Select(x => x.i).ToList(), unit, options))
            .ToList();
        var note = parts[0] switch
        {
            "cohesion" => Cohesion(groups, D(parts, 1, 1.0)),
            "silhouette" => Silhouette(groups, unit),
            "gap" => Gap(groups, D(parts, 1, 0.4)),
            "members" => Members(groups, unit, options, D(parts, 1, 0.5), (int)D(parts, 2, 10)),
            _ => throw new ArgumentException($"Unknown research merge rule {rule}."),
        };
        var result = clusters.ToArray();
        foreach (var g in groups.Where(g => g.Alive))
        {
            g.Items.ForEach(i => result[i] = g.Id);
        }

        return (result, note);
    }

    private static double D(string[] parts, int i, double fallback) =>
        parts.Length > i ? double.Parse(parts[i], CultureInfo.InvariantCulture) : fallback;

    private static string Cohesion(List<Group> groups, double factor)
    {
        var merges = 0;
        while (Best(groups, (a, b) => Cos(a, b) / Math.Min(a.Cohesion, b.Cohesion)) is { } best && best.Score >= factor)
        {
            Join(best.A, best.B);
            merges++;
        }

        return $"{merges} merges";
    }

    private static string Silhouette(List<Group> groups, float[][] unit)
    {
        var merges = 0;
        foreach (var (first, second) in Candidates(groups).OrderByDescending(p => Cos(p.A, p.B)).ToList())
        {
            var (a, b) = (Find(first), Find(second));
            if (a == b)
            {
                continue;
            }

            var others = groups.Where(g => g.Alive && g != a && g != b).ToList();
            var members = a.Items.Concat(b.Items).ToList();
            var merged = VectorMath.Normalized(Sum(a, b));
            double apart = 0, together = 0;
            foreach (var i in members)
            {
                var next = others.Count == 0 ? -1f : others.Max(o => VectorMath.Dot(unit[i], o.Centroid));
                var (own, twin) = a.Items.Contains(i) ? (a, b) : (b, a);
                apart += Simplified(VectorMath.Dot(unit[i], own.Centroid), Math.Max(next, VectorMath.Dot(unit[i], twin.Centroid)));
                together += Simplified(VectorMath.Dot(unit[i], merged), next);
            }

            if (together > apart)
            {
                Join(a, b);
                merges++;
            }
        }

        return $"{merges} merges";
    }

    private static double Simplified(double own, double next) => ((1 - next) - (1 - own)) / Math.Max(1 - next, 1 - own);

    private static string Gap(List<Group> groups, double floor)
    {
        // Replay: agglomerate on a copy of the sums, note the scores, then redo the first cut merges.
        var scores = new List<(double Score, string A, string B)>();
        var shadow = groups.Select(g => g.Clone()).ToList();
        while (Best(shadow, Relative) is { } best && best.Score >= floor)
        {
            scores.Add((best.Score, best.A.Id, best.B.Id));
            Join(best.A, best.B);
        }

        if (scores.Count < 2)
        {
            return "no gap";
        }

        var cut = Enumerable.Range(0, scores.Count - 1).MaxBy(i => scores[i].Score - scores[i + 1].Score) + 1;
        var byId = groups.ToDictionary(g => g.Id, StringComparer.Ordinal);
        foreach (var (_, a, b) in scores.Take(cut))
        {
            Join(Find(byId[a]), Find(byId[b]));
        }

        return $"{cut} of {scores.Count} merges kept, largest drop after {scores[cut - 1].Score:F3} to {scores[cut].Score:F3}";
    }

    private static string Members(List<Group> groups, float[][] unit, GroupingOptions options, double share, int size)
    {
        var merges = 0;
        foreach (var (a, b) in Candidates(groups.Where(g => g.Items.Count >= size).ToList()).OrderByDescending(p => Cos(p.A, p.B)).ToList())
        {
            var (x, y) = (Find(a), Find(b));
            if (x == y)
            {
                continue;
            }

            double Reach(Group from, Group to)
            {
                var bar = Math.Min(options.AssignThreshold, to.Radius);
                return from.Items.Count(i => VectorMath.Dot(unit[i], to.Centroid) >= bar) / (double)from.Items.Count;
            }

            if (Math.Min(Reach(x, y), Reach(y, x)) >= share)
            {
                Join(x, y);
                merges++;
            }
        }

        return $"{merges} merges";
    }

    private static Group Find(Group g)
    {
        while (g.MergedInto is { } next)
        {
            g = next;
        }

        return g;
    }

    private static double Cos(Group a, Group b) => VectorMath.Dot(a.Centroid, b.Centroid);

    // The worker's merge score: mean cosine between members over the geometric mean of the cohesions.
    private static double Relative(Group a, Group b) =>
        VectorMath.Dot(a.Sum, b.Sum) / ((double)a.Items.Count * b.Items.Count) / Math.Sqrt(Math.Max(1e-6, a.PairCohesion * b.PairCohesion));

    private static float[] Sum(Group a, Group b)
    {
        var sum = a.Sum.ToArray();
        VectorMath.Add(sum, b.Sum);
        return sum;
    }

    private static List<(Group A, Group B)> Candidates(List<Group> groups)
    {
        var alive = groups.Where(g => g.Alive).ToList();
        var pairs = new HashSet<(Group, Group)>();
        foreach (var g in alive)
        {
            foreach (var h in alive.Where(h => h != g).OrderByDescending(h => Cos(g, h)).Take(Neighbours))
            {
                pairs.Add(string.CompareOrdinal(g.Id, h.Id) < 0 ? (g, h) : (h, g));
            }
        }

        return [.. pairs];
    }

    private static (Group A, Group B, double Score)? Best(List<Group> groups, Func<Group, Group, double> score)
    {
        (Group A, Group B, double Score)? best = null;
        foreach (var (a, b) in Candidates(groups))
        {
            var s = score(a, b);
            if (best is null || s > best.Value.Score)
            {
                best = (a, b, s);
            }
        }

        return best;
    }

    private static void Join(Group a, Group b)
    {
        var (keep, gone) = a.Items.Count >= b.Items.Count ? (a, b) : (b, a);
        keep.Absorb(gone);
    }

    private sealed class Group
    {
        private readonly float[][] _unit;
        private readonly GroupingOptions _options;

        public Group(string id, List<int> items, float[][] unit, GroupingOptions options)
        {
            (Id, Items, _unit, _options) = (id, items, unit, options);
            Sum = new float[unit[0].Length];
            items.ForEach(i => VectorMath.Add(Sum, unit[i]));
            Measure();
        }

        public string Id { get; }
        public List<int> Items { get; }
        public float[] Sum { get; }
        public float[] Centroid { get; private set; } = [];
        public double Cohesion { get; private set; }
        public double PairCohesion { get; private set; }
        public double Radius { get; private set; }
        public Group? MergedInto { get; private set; }
        public bool Alive => MergedInto is null;

        public Group Clone() => new(Id, [.. Items], _unit, _options);

        public void Absorb(Group other)
        {
            Items.AddRange(other.Items);
            VectorMath.Add(Sum, other.Sum);
            other.MergedInto = this;
            Measure();
        }

        private void Measure()
        {
            var n = (double)Items.Count;
            var norm = Math.Sqrt(VectorMath.Dot(Sum, Sum));
            Centroid = VectorMath.Normalized(Sum);
            Cohesion = norm / n;
            PairCohesion = (norm * norm - n) / (n * (n - 1));
            var spread = Items.Select(i => (double)VectorMath.Dot(_unit[i], Centroid)).Order().ToList();
            Radius = Math.Max(_options.FoldThreshold, spread[(int)(_options.AssignPercentile / 100 * (spread.Count - 1))]);
        }
    }
}

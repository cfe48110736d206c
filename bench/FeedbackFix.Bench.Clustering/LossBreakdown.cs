namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// Where accuracy is lost, from the labels: each label's main cluster is the largest one it is the
/// majority of; an item is lost when it sits in another label's main cluster (impurity) or in a
/// cluster that is no label's main one (a fragment), counted by the fragment's size.
/// </summary>
internal static class LossBreakdown
{
    public static string Describe(IReadOnlyList<string> labels, IReadOnlyList<string> clusters)
    {
        var found = Enumerable.Range(0, labels.Count)
            .GroupBy(i => clusters[i], StringComparer.Ordinal)
            .Select(g => (Id: g.Key, Size: g.Count(), Majority: g.GroupBy(i => labels[i]).MaxBy(x => x.Count())!))
            .ToList();
        var main = found.GroupBy(c => c.Majority.Key)
            .ToDictionary(g => g.Key, g => g.MaxBy(c => c.Majority.Count()).Id);
        var (impure, small, medium, large) = (0, 0, 0, 0);
        foreach (var cluster in found)
        {
            if (main[cluster.Majority.Key] == cluster.Id)
            {
                impure += cluster.Size - cluster.Majority.Count();
            }
            else if (cluster.Size < 4)
            {
                small += cluster.Size;
            }
            else if (cluster.Size < 10)
            {
                medium += cluster.Size;
            }
            else
            {
                large += cluster.Size;
            }
        }

        var sizes = found.Select(c => c.Size).ToList();
        return $"cluster sizes 1: {sizes.Count(s => s == 1)}, 2-3: {sizes.Count(s => s is 2 or 3)}, 4-9: {sizes.Count(s => s is >= 4 and < 10)}, 10+: {sizes.Count(s => s >= 10)}; " +
               $"items lost to impurity {impure}, to fragments of 1-3 {small}, 4-9 {medium}, 10+ {large}; labels with no cluster of their own {labels.Distinct().Count() - main.Count}";
    }
}

using FeedbackFix.Clustering.Apis;
using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Clustering.Similarity;

namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// How well the similar clusters a person is shown (<c>GET /clusters/{id}/similar</c>, searched by the
/// service's own <see cref="CentroidSnapshot"/>) find the pieces of a split theme: for every cluster
/// whose majority label is also another cluster's, whether such a sibling is the nearest, and whether
/// it is among the <see cref="SimilarClustersApi.DefaultLimit"/> nearest the cluster page lists.
/// </summary>
internal static class MergeCandidates
{
    public sealed record Found(int Pieces, int Nearest, int Listed)
    {
        public double NearestPercent => Pieces == 0 ? 0 : 100.0 * Nearest / Pieces;

        public double ListedPercent => Pieces == 0 ? 0 : 100.0 * Listed / Pieces;
    }

    public static Found Measure(IReadOnlyList<float[]> vectors, IReadOnlyList<string> labels, IReadOnlyList<string> clusters)
    {
        var dimension = vectors[0].Length;
        var groups = Enumerable.Range(0, clusters.Count).GroupBy(i => clusters[i], StringComparer.Ordinal).ToList();
        var centroids = groups.Select(g =>
        {
            var sum = new float[dimension];
            foreach (var item in g)
            {
                VectorMath.Add(sum, vectors[item]);
            }
            return (ClusterId: g.Key, Centroid: sum);
        }).ToList();
        var majority = groups.ToDictionary(g => g.Key, g => g.GroupBy(i => labels[i]).MaxBy(l => l.Count())!.Key, StringComparer.Ordinal);
        var pieces = majority.GroupBy(m => m.Value).Where(l => l.Count() > 1).SelectMany(l => l.Select(m => m.Key)).ToHashSet(StringComparer.Ordinal);

        var snapshot = new CentroidSnapshot(centroids, dimension, version: 0, loadedAt: 0);
        var (nearest, listed) = (0, 0);
        foreach (var (id, centroid) in centroids.Where(c => pieces.Contains(c.ClusterId)))
        {
            var siblings = snapshot.Nearest(centroid, id, SimilarClustersApi.DefaultLimit)
                .Select(n => majority[n.ClusterId] == majority[id]).ToList();
            nearest += siblings.Count > 0 && siblings[0] ? 1 : 0;
            listed += siblings.Contains(true) ? 1 : 0;
        }
        return new Found(pieces.Count, nearest, listed);
    }

    public static string Describe(Found found) =>
        $"{found.Pieces} clusters share their majority label with another; such a sibling is the nearest of {found.Nearest} " +
        $"({found.NearestPercent:F0}%) and among the {SimilarClustersApi.DefaultLimit} nearest of {found.Listed} ({found.ListedPercent:F0}%)";
}

using System.Globalization;
using FeedbackFix.Clustering;

namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// Embeds a labelled TSV, clusters it online through the worker's Grouping code and settings,
/// and prints the scores, ending with one <c>key=value</c> line (docs/benchmarks.md).
/// Not top-level statements: a second <c>Program</c> would clash with the service's in the tests.
/// </summary>
internal static class ClusteringBench
{
    // CLINC150's out-of-scope label: texts that belong to no intent, mixed in as noise.
    private const string NoiseLabel = "oos";

    public static async Task Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        var bench = BenchArgs.Parse(args);
        var rows = Dataset.Read(bench.Paths);
        var (vectors, embedPerSecond) = await Embedder.EmbedAsync(rows.Select(r => r.Text).ToList(), bench);
        if (bench.Hybrid > 0)
        {
            vectors = HybridVectors.Append(vectors, rows.Select(r => r.Text).ToList(), bench.Hybrid);
        }

        var options = bench.Grouping();
        var refineEvery = new ClusteringOptions().RefineEveryItems;
        var order = Dataset.Order(rows.Count, bench.Order, bench.Seed);

        var (clusters, elapsed, refinements, slowestRefine, allRefines) = OnlineRun.Run(vectors, order, options, refineEvery);
        var scores = Metrics.Score(rows.Select(r => r.Label).ToList(), clusters);
        var inScope = Enumerable.Range(0, rows.Count).Where(i => rows[i].Label != NoiseLabel).ToList();
        var itemsPerSecond = rows.Count / elapsed.TotalSeconds;

        Console.WriteLine($"{rows.Count} items from {string.Join(", ", bench.Paths.Select(Path.GetFileName))}, order {bench.Order} (seed {bench.Seed}), embedding {bench.Embedding}");
        Console.WriteLine($"options: {options}");
        Console.WriteLine($"refined every {refineEvery} items and at the end: {refinements} refinements, slowest {slowestRefine.TotalMilliseconds:F0} ms, all {allRefines.TotalMilliseconds:F0} ms");
        Console.WriteLine($"embedding: {(embedPerSecond is { } e ? $"{e:F0} items/s" : "all from cache (not measured)")}");
        Console.WriteLine($"clustering: {itemsPerSecond:F0} items/s ({elapsed.TotalMilliseconds:F0} ms)");
        Console.WriteLine($"NMI {scores.Nmi * 100:F1}  ARI {scores.Ari * 100:F1}  accuracy {scores.Accuracy * 100:F1}  clusters {scores.Clusters} for {scores.Labels} labels");
        Console.WriteLine($"where accuracy goes: {LossBreakdown.Describe(rows.Select(r => r.Label).ToList(), clusters)}");
        if (inScope.Count < rows.Count)
        {
            var real = Metrics.Score(inScope.Select(i => rows[i].Label).ToList(), inScope.Select(i => clusters[i]).ToList());
            var noise = Enumerable.Range(0, rows.Count).Where(i => rows[i].Label == NoiseLabel).ToList();
            var noiseClusters = noise.Select(i => clusters[i]).Distinct().Count();
            var swallowed = NoiseInRealClusters(rows, clusters);
            Console.WriteLine($"in-scope items only ({inScope.Count}; the {noise.Count} '{NoiseLabel}' items sit in {noiseClusters} clusters, {swallowed} of them in clusters whose majority is in scope): NMI {real.Nmi * 100:F1}  ARI {real.Ari * 100:F1}  accuracy {real.Accuracy * 100:F1}  clusters {real.Clusters}");
            Console.WriteLine($"in_scope_nmi={real.Nmi * 100:F1} in_scope_ari={real.Ari * 100:F1} in_scope_acc={real.Accuracy * 100:F1} in_scope_clusters={real.Clusters} oos_in_real={swallowed}");
        }

        Console.WriteLine($"nmi={scores.Nmi * 100:F1} ari={scores.Ari * 100:F1} acc={scores.Accuracy * 100:F1} clusters={scores.Clusters} labels={scores.Labels} items_per_s={itemsPerSecond:F0}");
    }

    // Noise items that sit in a cluster most of whose members are real (in-scope) items.
    private static int NoiseInRealClusters(IReadOnlyList<LabeledText> rows, IReadOnlyList<string> clusters) =>
        Enumerable.Range(0, rows.Count)
            .GroupBy(i => clusters[i], StringComparer.Ordinal)
            .Where(g => g.Count(i => rows[i].Label != NoiseLabel) * 2 > g.Count())
            .Sum(g => g.Count(i => rows[i].Label == NoiseLabel));
}

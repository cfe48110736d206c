using System.Diagnostics;
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
        var (rows, vectors, embedPerSecond) = bench.Synthetic is var (items, topics)
            ? Synthetic(items, topics, bench.Seed)
            : await EmbedAsync(bench);
        if (bench.Hybrid > 0)
        {
            vectors = HybridVectors.Append(vectors, rows.Select(r => r.Text).ToList(), bench.Hybrid);
        }

        var options = bench.Grouping();
        var schedule = bench.Schedule();
        var order = Dataset.Order(rows.Count, bench.Order, bench.Seed);

        var run = OnlineRun.Run(vectors, order, options, schedule);
        var labels = rows.Select(r => r.Label).ToList();
        var itemsPerSecond = rows.Count / run.Elapsed.TotalSeconds;

        var source = bench.Synthetic is var (n, t) ? $"a synthetic set ({n} items, {t} topics)" : string.Join(", ", bench.Paths.Select(Path.GetFileName));
        Console.WriteLine($"{rows.Count} items from {source}, order {bench.Order} (seed {bench.Seed}), embedding {bench.Embedding}");
        Console.WriteLine($"options: {options}");
        Console.WriteLine($"refined after max({schedule.RefineEveryItems}, {schedule.RefineGrowthFraction} x the store) new items and at the end: {run.Refinements.Count} refinements, slowest {run.Refinements.Max().TotalMilliseconds:F0} ms, all {run.Refinements.Sum(r => r.TotalMilliseconds):F0} ms; settling after the burst and the quiet period {run.Settling.TotalMilliseconds:F0} ms");
        Console.WriteLine($"embedding: {(embedPerSecond is { } e ? $"{e:F0} items/s" : "all from cache (not measured)")}");
        Console.WriteLine($"clustering: {itemsPerSecond:F0} items/s ({run.Elapsed.TotalMilliseconds:F0} ms)");
        var arrival = Report("at the last arrival", rows, run.AtLastArrival, "arrival_");
        var settled = Report($"settled ({options.FoldAfterQuiet.TotalMinutes:F0} min later, no new item)", rows, run.Settled, "");
        Console.WriteLine($"  single-report clusters: {SinglesRecheck.Describe(vectors, labels, run.Settled, options)}");
        var candidates = MergeCandidates.Measure(vectors, labels, run.Settled);
        Console.WriteLine($"  merge candidates (similar clusters): {MergeCandidates.Describe(candidates)}");
        var steady = Report($"steady (refined again until a pass changes nothing: {run.SteadyPasses} passes of at most {OnlineRun.MaxSteadyPasses}, {(run.SteadyConverged ? "converged" : "still changing")})", rows, run.Steady, "steady_");
        if (bench.Dump is { } dump)
        {
            // One line per item: settled cluster, label, vector (research: offline analysis of the partition).
            File.WriteAllLines(dump, Enumerable.Range(0, rows.Count).Select(i =>
                $"{run.Settled[i]}\t{rows[i].Label}\t{string.Join(',', vectors[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}"));
        }

        var recheck = "";
        if (bench.RecheckSingles is { } bar)
        {
            var rechecked = SinglesRecheck.Apply(vectors, run.Settled, options, bar);
            var scores = Report($"settled, then small clusters re-checked (research, bar {bar})", rows, rechecked, "recheck_");
            recheck = $" recheck_nmi={scores.Nmi * 100:F1} recheck_ari={scores.Ari * 100:F1} recheck_acc={scores.Accuracy * 100:F1} recheck_clusters={scores.Clusters} recheck_single_pct={SinglePercent(rechecked):F1}";
        }

        if (bench.ResearchMerge is "ward" or "ward-sizes")
        {
            var told = bench.ResearchMerge is "ward";
            var k = told ? labels.Distinct().Count() : WardToTrueK.SizeEstimate(run.Settled);
            var (ward, thenKMeans, passes) = WardToTrueK.Apply(vectors, run.Settled, k);
            if (!told)
            {
                var once = Report($"then k-means passes from there (research, the estimate applied once, {passes} passes)", rows, thenKMeans, "once_");
                recheck += $" once_k={k} once_ari={once.Ari * 100:F1} once_acc={once.Accuracy * 100:F1}";
                // Applied again to its own result, as repeated refinements would, until the estimate holds.
                var ks = new List<int> { k };
                for (var again = WardToTrueK.SizeEstimate(thenKMeans); again < ks[^1] && ks.Count < 20; again = WardToTrueK.SizeEstimate(thenKMeans))
                {
                    ks.Add(again);
                    (ward, thenKMeans, passes) = WardToTrueK.Apply(vectors, thenKMeans, again);
                }
                k = ks[^1];
                Console.WriteLine($"size estimates, applied until they hold: {string.Join(" -> ", ks)}");
            }
            var merged = Report($"settled, then Ward's merges to {(told ? "the true k" : "k estimated from the cluster sizes")} (research, k = {k})", rows, ward, "ward_");
            var passed = Report($"then k-means passes from there (research, {passes} passes)", rows, thenKMeans, "ward_kmeans_");
            recheck += $" ward_k={k} ward_ari={merged.Ari * 100:F1} ward_acc={merged.Accuracy * 100:F1} ward_kmeans_ari={passed.Ari * 100:F1} ward_kmeans_acc={passed.Accuracy * 100:F1}";
        }
        else if (bench.ResearchMerge is { } rule)
        {
            var (merged, note) = ResearchMerge.Apply(vectors, run.Settled, options, rule);
            var scores = Report($"settled, then merged further (research, {rule}: {note})", rows, merged, "merge_");
            recheck += $" merge_nmi={scores.Nmi * 100:F1} merge_ari={scores.Ari * 100:F1} merge_acc={scores.Accuracy * 100:F1} merge_clusters={scores.Clusters} merge_single_pct={SinglePercent(merged):F1}";
        }

        var reference = bench.KMeansStarts > 0 ? KMeans(rows, vectors, bench.KMeansStarts) : "";
        Console.WriteLine($"arrival_nmi={arrival.Nmi * 100:F1} arrival_ari={arrival.Ari * 100:F1} arrival_acc={arrival.Accuracy * 100:F1} arrival_clusters={arrival.Clusters}");
        Console.WriteLine($"nmi={settled.Nmi * 100:F1} ari={settled.Ari * 100:F1} acc={settled.Accuracy * 100:F1} clusters={settled.Clusters} labels={settled.Labels} single_pct={SinglePercent(run.Settled):F1} items_per_s={itemsPerSecond:F0}" +
            $" split_pieces={candidates.Pieces} sibling_nearest_pct={candidates.NearestPercent:F0} sibling_listed_pct={candidates.ListedPercent:F0}{recheck}{reference}" +
            $" steady_nmi={steady.Nmi * 100:F1} steady_ari={steady.Ari * 100:F1} steady_acc={steady.Accuracy * 100:F1} steady_clusters={steady.Clusters} steady_single_pct={SinglePercent(run.Steady):F1} steady_passes={run.SteadyPasses} steady_converged={(run.SteadyConverged ? 1 : 0)}");
    }

    private static async Task<(IReadOnlyList<LabeledText>, IReadOnlyList<float[]>, double?)> EmbedAsync(BenchArgs bench)
    {
        var rows = Dataset.Read(bench.Paths);
        var (vectors, perSecond) = await Embedder.EmbedAsync(rows.Select(r => r.Text).ToList(), bench);
        return (rows, vectors, perSecond);
    }

    private static (IReadOnlyList<LabeledText>, IReadOnlyList<float[]>, double?) Synthetic(int items, int topics, int seed)
    {
        var (rows, vectors) = SyntheticSet.Generate(items, topics, seed);
        return (rows, vectors, null);
    }

    // The bar to beat: k-means++ told the true number of labels on the same vectors (KMeansReference).
    // Prints its report and returns its scores as key=value pairs for the final line.
    private static string KMeans(IReadOnlyList<LabeledText> rows, IReadOnlyList<float[]> vectors, int starts)
    {
        var k = rows.Select(r => r.Label).Distinct().Count();
        var clock = Stopwatch.StartNew();
        var result = KMeansReference.Run(vectors, k, starts);
        var clusters = result.Assignment.Select(c => c.ToString(CultureInfo.InvariantCulture)).ToList();
        var scores = Report($"k-means++ reference (k = {k}, best of {starts} starts by inertia: seed {result.Seed}, {result.Iterations} iterations; {clock.Elapsed.TotalSeconds:F1} s in all)", rows, clusters, "kmeans_");
        return $" kmeans_nmi={scores.Nmi * 100:F1} kmeans_ari={scores.Ari * 100:F1} kmeans_acc={scores.Accuracy * 100:F1} kmeans_clusters={scores.Clusters}";
    }

    // Share of all items that sit alone in a cluster of one.
    private static double SinglePercent(IReadOnlyList<string> clusters) =>
        100.0 * clusters.GroupBy(c => c, StringComparer.Ordinal).Count(g => g.Count() == 1) / clusters.Count;

    // Scores one partition, where its accuracy goes and, with noise mixed in, the in-scope items alone.
    private static Scores Report(string state, IReadOnlyList<LabeledText> rows, IReadOnlyList<string> clusters, string keyPrefix)
    {
        var labels = rows.Select(r => r.Label).ToList();
        var scores = Metrics.Score(labels, clusters);
        Console.WriteLine($"{state}: NMI {scores.Nmi * 100:F1}  ARI {scores.Ari * 100:F1}  accuracy {scores.Accuracy * 100:F1}  clusters {scores.Clusters} for {scores.Labels} labels");
        Console.WriteLine($"  where accuracy goes: {LossBreakdown.Describe(labels, clusters)}");
        var inScope = Enumerable.Range(0, rows.Count).Where(i => rows[i].Label != NoiseLabel).ToList();
        if (inScope.Count < rows.Count)
        {
            var real = Metrics.Score(inScope.Select(i => rows[i].Label).ToList(), inScope.Select(i => clusters[i]).ToList());
            var noise = Enumerable.Range(0, rows.Count).Where(i => rows[i].Label == NoiseLabel).ToList();
            var noiseClusters = noise.Select(i => clusters[i]).Distinct().Count();
            var swallowed = NoiseInRealClusters(rows, clusters);
            Console.WriteLine($"  in-scope items only ({inScope.Count}; the {noise.Count} '{NoiseLabel}' items sit in {noiseClusters} clusters, {swallowed} of them in clusters whose majority is in scope): NMI {real.Nmi * 100:F1}  ARI {real.Ari * 100:F1}  accuracy {real.Accuracy * 100:F1}  clusters {real.Clusters}");
            Console.WriteLine($"  {keyPrefix}in_scope_nmi={real.Nmi * 100:F1} {keyPrefix}in_scope_ari={real.Ari * 100:F1} {keyPrefix}in_scope_acc={real.Accuracy * 100:F1} {keyPrefix}in_scope_clusters={real.Clusters} {keyPrefix}oos_in_real={swallowed}");
        }

        return scores;
    }

    // Noise items that sit in a cluster most of whose members are real (in-scope) items.
    private static int NoiseInRealClusters(IReadOnlyList<LabeledText> rows, IReadOnlyList<string> clusters) =>
        Enumerable.Range(0, rows.Count)
            .GroupBy(i => clusters[i], StringComparer.Ordinal)
            .Where(g => g.Count(i => rows[i].Label != NoiseLabel) * 2 > g.Count())
            .Sum(g => g.Count(i => rows[i].Label == NoiseLabel));
}

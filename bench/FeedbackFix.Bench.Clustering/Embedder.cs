using System.Diagnostics;
using FeedbackFix.Clustering;
using FeedbackFix.Clustering.Embedding;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// Embeds through the service's own generator (the registration's factory with the chosen
/// provider), in the worker's read batches, text made by <see cref="EmbeddingText"/>. With a
/// cache file, texts already there are not embedded again (and no encoder speed is measured).
/// </summary>
internal static class Embedder
{
    public static async Task<(float[][] Vectors, double? ItemsPerSecond)> EmbedAsync(IReadOnlyList<string> texts, BenchArgs args)
    {
        var name = args.Embedding;
        var cache = args.Cache is null ? null : new EmbeddingCache(args.Cache, name);
        var known = cache?.Load() ?? new Dictionary<string, float[]>(StringComparer.Ordinal);
        var inputs = texts.Select(t => EmbeddingText.For(t, null)).ToArray();
        var todo = inputs.Where(t => !known.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToArray();

        double? itemsPerSecond = null;
        if (todo.Length > 0)
        {
            var options = new EmbeddingOptions { Provider = name == "hashing" ? EmbeddingProvider.Hashing : EmbeddingProvider.MiniLm };
            using var generator = EmbeddingServiceExtensions.CreateGenerator(options, NullLogger.Instance);
            await generator.GenerateAsync(["warm up"]);
            var clock = Stopwatch.StartNew();
            foreach (var batch in todo.Chunk(new ClusteringOptions().EmbedderBatchSize))
            {
                var embeddings = await generator.GenerateAsync(batch);
                for (var i = 0; i < batch.Length; i++)
                {
                    known[batch[i]] = embeddings[i].Vector.ToArray();
                }
            }

            itemsPerSecond = todo.Length / clock.Elapsed.TotalSeconds;
            cache?.Save(known);
        }

        return (inputs.Select(t => known[t]).ToArray(), itemsPerSecond);
    }
}

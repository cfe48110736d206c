using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.AI;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>
/// An embedding endpoint that fails the calls numbered in <paramref name="failing"/> (1 is the first),
/// as an OpenAI-compatible endpoint does once its client's own retries are spent, and embeds the others
/// with <paramref name="inner"/>, whose metadata (model, dimension) it keeps.
/// </summary>
internal sealed class FailingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, params int[] failing)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private int _calls;
    private int _failures;

    /// <summary>How many calls failed so far.</summary>
    public int Failures => _failures;

    /// <summary>Every text embedded by a call that succeeded, as often as it was.</summary>
    public ConcurrentQueue<string> Embedded { get; } = new();

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (failing.Contains(Interlocked.Increment(ref _calls)))
        {
            Interlocked.Increment(ref _failures);
            throw new HttpRequestException("Service Unavailable", null, HttpStatusCode.ServiceUnavailable);
        }
        var texts = values.ToList();
        var embeddings = await base.GenerateAsync(texts, options, cancellationToken);
        foreach (var text in texts)
        {
            Embedded.Enqueue(text);
        }
        return embeddings;
    }
}

using Microsoft.Extensions.AI;

namespace FeedbackFix.Clustering.Embedding;

/// <summary>
/// Which vector space stored embeddings live in, as kept in the <c>embedding:model</c> hash
/// (fields <c>name</c>, <c>dimension</c>). Vectors from two different infos must never be compared:
/// when the configured generator's info differs from the stored one, items are re-embedded.
/// </summary>
/// <param name="Name"><c>{provider}/{model}</c>, e.g. <c>minilm/all-MiniLM-L6-v2</c>.</param>
/// <param name="Dimension">The length of every vector.</param>
public sealed record EmbeddingModelInfo(string Name, int Dimension)
{
    private const string DimensionProbe = "dimension probe";

    /// <summary>
    /// The info of <paramref name="generator"/>, from its <see cref="EmbeddingGeneratorMetadata"/>;
    /// when the metadata does not know the dimension (an OpenAI-compatible endpoint without
    /// configured dimensions), one short text is embedded to find it out.
    /// </summary>
    public static async Task<EmbeddingModelInfo> DiscoverAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        var name = $"{metadata?.ProviderName ?? "unknown"}/{metadata?.DefaultModelId ?? "unknown"}";
        var dimension = metadata?.DefaultModelDimensions;
        if (dimension is null)
        {
            var probe = await generator.GenerateAsync([DimensionProbe], cancellationToken: cancellationToken).ConfigureAwait(false);
            dimension = probe[0].Vector.Length;
        }

        return new EmbeddingModelInfo(name, dimension.Value);
    }
}

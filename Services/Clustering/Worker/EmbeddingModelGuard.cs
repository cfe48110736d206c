using FeedbackFix.Domain.Redis;
using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.AI;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// Keeps one vector space: when the configured model differs from the one the stored vectors
/// came from (<c>embedding:model</c>), every stored item is embedded again before anything is
/// clustered, instead of comparing vectors of two models. Vectors stored in the earlier float32
/// format are rewritten in the current one (<see cref="VectorStore.ConvertToHalfPrecisionAsync"/>).
/// </summary>
internal sealed partial class EmbeddingModelGuard(
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    EmbeddingModelInfo configured,
    FeedbackStore feedback,
    VectorStore vectors,
    ClusterMembershipStore membership,
    ILogger<EmbeddingModelGuard> logger)
{
    private const int Chunk = 256;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var wanted = new EmbeddingModel(configured.Name, configured.Dimension);
        var stored = await vectors.GetModelAsync();
        if (stored == wanted)
        {
            await ConvertFormatAsync(cancellationToken);
            return;
        }

        if (stored is not null)
        {
            LogReembedding(logger, stored.Name, stored.Dimension, wanted.Name, wanted.Dimension);
            await ReembedAllAsync(cancellationToken);
        }

        await vectors.SetModelAsync(wanted);
        await ConvertFormatAsync(cancellationToken);
        await membership.MarkChangedAsync();
    }

    private async Task ConvertFormatAsync(CancellationToken cancellationToken)
    {
        if (await vectors.ConvertToHalfPrecisionAsync(configured.Dimension, cancellationToken) is > 0 and var converted)
        {
            LogConverted(logger, converted, VectorCodec.Format);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored vectors come from {StoredModel} ({StoredDimension}); re-embedding everything with {Model} ({Dimension})")]
    private static partial void LogReembedding(ILogger logger, string storedModel, int storedDimension, string model, int dimension);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-embedded {Count} items")]
    private static partial void LogReembedded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rewrote {Count} stored vectors in the {Format} format")]
    private static partial void LogConverted(ILogger logger, int count, string format);

    private async Task ReembedAllAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        PageCursor? after = null;
        do
        {
            var page = await feedback.ListAsync(new FeedbackQuery(After: after, Limit: PageCursor.MaxLimit));
            foreach (var chunk in page.Items.Chunk(Chunk))
            {
                var embeddings = await embedder.GenerateAsync(chunk.Select(EmbeddingText.For), cancellationToken: cancellationToken);
                await vectors.SaveItemVectorsAsync([.. chunk.Select((item, i) => (item.Id, embeddings[i].Vector.ToArray()))]);
                done += chunk.Length;
            }
            after = PageCursor.TryParse(page.NextCursor, out var next) ? next : null;
        }
        while (after is not null);
        LogReembedded(logger, done);
    }
}

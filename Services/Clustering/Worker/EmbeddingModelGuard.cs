using FeedbackFix.Domain.Redis;
using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.AI;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// Keeps one vector space: when the configured model differs from the one the stored vectors
/// came from (<c>embedding:model</c>), every stored item is embedded again before anything is
/// clustered, instead of comparing vectors of two models, and the centroids are marked as the
/// earlier model's until the membership writer rewrites them. Vectors stored in the earlier float32
/// format are rewritten in the current one (<see cref="VectorStore.ConvertToHalfPrecisionAsync"/>).
/// </summary>
internal sealed partial class EmbeddingModelGuard(
    IConnectionMultiplexer redis,
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    EmbeddingModelInfo configured,
    FeedbackStore feedback,
    VectorStore vectors,
    ClusterMembershipStore membership,
    TimeProvider time,
    ILogger<EmbeddingModelGuard> logger)
{
    /// <summary>The wait after the first failed try; it doubles after each failure up to <see cref="LongestRetryWait"/>.</summary>
    public static readonly TimeSpan FirstRetryWait = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries.</summary>
    public static readonly TimeSpan LongestRetryWait = TimeSpan.FromMinutes(1);

    private const int Chunk = 256;

    // How far a re-embed got, beside the model in embedding:model: the model it embeds with and the
    // cursor of the last page of feedback:all it stored, so a restart goes on from there.
    private const string ReembedName = "reembed_name";
    private const string ReembedDimension = "reembed_dimension";
    private const string ReembedAfter = "reembed_after";

    private IDatabase Db => redis.GetDatabase();

    /// <summary>
    /// Returns once the stored vectors come from the configured model. A try that fails (Redis away, or
    /// the embedding endpoint failing after its own retries) is logged and tried again after a wait that
    /// doubles up to <see cref="LongestRetryWait"/>, going on from the last page stored, so the service
    /// (the embedders too) keeps running and the writer starts once it is done.
    /// </summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var wait = FirstRetryWait;
        while (true)
        {
            try
            {
                await EnsureOnceAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (RedisOutage.Is(ex))
            {
                StreamBatches.LogRedisUnavailable(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogEnsureFailed(logger, ex, configured.Name, configured.Dimension, wait);
                await Task.Delay(wait, time, cancellationToken);
                wait = wait * 2 < LongestRetryWait ? wait * 2 : LongestRetryWait;
            }
        }
    }

    private async Task EnsureOnceAsync(CancellationToken cancellationToken)
    {
        var wanted = new EmbeddingModel(configured.Name, configured.Dimension);
        var stored = await vectors.GetModelAsync();
        var unfinished = await UnfinishedReembedAsync();
        if (stored == wanted && (unfinished is null || unfinished == wanted))
        {
            await ConvertFormatAsync(cancellationToken);
            return;
        }

        if (stored is null)
        {
            await vectors.SetModelAsync(wanted);
        }
        else
        {
            LogReembedding(logger, stored.Name, stored.Dimension, wanted.Name, wanted.Dimension);
            await ReembedAllAsync(wanted, cancellationToken);
            // Another replica may have finished the same re-embed first, and its writer rewritten the centroids.
            if (await vectors.GetModelAsync() != wanted)
            {
                await vectors.SetModelAfterReembeddingAsync(wanted);
            }
            await Db.HashDeleteAsync(RedisKeys.EmbeddingModel, [ReembedName, ReembedDimension, ReembedAfter]);
        }

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

    // A page at a time, newest first, its cursor recorded once its vectors are stored: a re-embed that
    // failed or was stopped goes on after the last page stored instead of starting again. A cursor
    // rather than skipping items whose vector already has the new model's length: two models of one
    // dimension (MiniLM's 384 and an OpenAI model asked for 384) cannot be told apart by their vectors.
    // Reports added meanwhile have no vector and are embedded by the embedders with the configured model.
    private async Task ReembedAllAsync(EmbeddingModel wanted, CancellationToken cancellationToken)
    {
        var after = await ResumeAfterAsync(wanted);
        if (after is not null)
        {
            LogResuming(logger, wanted.Name, wanted.Dimension);
        }
        var done = 0;
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
            if (after is not null)
            {
                await Db.HashSetAsync(RedisKeys.EmbeddingModel, ReembedAfter, page.NextCursor);
            }
        }
        while (after is not null);
        LogReembedded(logger, done);
    }

    // Where an earlier try at this same model stopped; otherwise the start, recorded as this model's
    // before the first page, so progress left by a re-embed into another model is never taken for this one's.
    // The model a re-embed that has not finished was going to (its pages so far hold that model's vectors),
    // or null: the configuration may have gone back to the recorded model meanwhile, which then is not
    // what every vector comes from, so everything is embedded again with it.
    private async Task<EmbeddingModel?> UnfinishedReembedAsync()
    {
        var progress = await Db.HashGetAsync(RedisKeys.EmbeddingModel, [ReembedName, ReembedDimension]);
        return !progress[0].IsNullOrEmpty && progress[1].TryParse(out int dimension) ? new EmbeddingModel(progress[0].ToString(), dimension) : null;
    }

    private async Task<PageCursor?> ResumeAfterAsync(EmbeddingModel wanted)
    {
        var progress = await Db.HashGetAsync(RedisKeys.EmbeddingModel, [ReembedName, ReembedDimension, ReembedAfter]);
        if (progress[0] == wanted.Name && progress[1].TryParse(out int dimension) && dimension == wanted.Dimension)
        {
            return PageCursor.TryParse(progress[2].ToString(), out var after) ? after : null;
        }
        await Db.HashDeleteAsync(RedisKeys.EmbeddingModel, ReembedAfter);
        await Db.HashSetAsync(RedisKeys.EmbeddingModel, [new(ReembedName, wanted.Name), new(ReembedDimension, wanted.Dimension)]);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored vectors come from {StoredModel} ({StoredDimension}); re-embedding everything with {Model} ({Dimension})")]
    private static partial void LogReembedding(ILogger logger, string storedModel, int storedDimension, string model, int dimension);

    [LoggerMessage(Level = LogLevel.Information, Message = "Going on with the re-embedding with {Model} ({Dimension}) after the last page stored")]
    private static partial void LogResuming(ILogger logger, string model, int dimension);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-embedded {Count} items")]
    private static partial void LogReembedded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rewrote {Count} stored vectors in the {Format} format")]
    private static partial void LogConverted(ILogger logger, int count, string format);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not bring the stored vectors to {Model} ({Dimension}); nothing is clustered until it works, trying again in {RetryIn}")]
    private static partial void LogEnsureFailed(ILogger logger, Exception exception, string model, int dimension, TimeSpan retryIn);
}

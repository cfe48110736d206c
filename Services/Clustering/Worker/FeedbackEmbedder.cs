using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Queues;
using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// An embedder: every replica runs one, reading <c>stream:feedback</c> in consumer group
/// <c>embedders</c> (its own pending entries first, then new ones, and entries idle under dead
/// consumers). Per batch it loads the items, embeds those without a stored vector, and in one
/// transaction stores the new vectors, hands every item on to <c>stream:embedded</c> with its
/// traceparent and acknowledges the entries. A crash before that leaves the entries pending and
/// the retry finds the vectors it already stored; after it, all of it happened. It never changes
/// membership: that is the writer's (<see cref="MembershipWriter"/>).
/// </summary>
internal sealed partial class FeedbackEmbedder(
    IConnectionMultiplexer redis,
    FeedbackStore feedback,
    VectorStore vectors,
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    EmbeddingModelInfo model,
    ClusteringTelemetry telemetry,
    IOptions<ClusteringOptions> options,
    TimeProvider time,
    ILogger<FeedbackEmbedder> logger) : BackgroundService
{
    public const string Group = "embedders";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var queue = new StreamWorkQueue(redis, QueueEntries.FeedbackQueue(Group, settings.ConsumerName ?? $"{Environment.MachineName}-{Environment.ProcessId}") with
        {
            MaxDeliveries = settings.MaxDeliveries,
            ClaimIdleAfter = settings.ClaimIdleAfter,
        }, logger, time);
        await StreamBatches.WhenRedisAnswersAsync(queue.EnsureGroupAsync, time, logger, stoppingToken);
        await using var wakeup = await StreamBatches.WhenRedisAnswersAsync(
            () => StreamWakeup.SubscribeAsync(redis, StreamWakeup.FeedbackChannel), time, logger, stoppingToken);

        var idle = TimeSpan.FromMilliseconds(10);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var added = wakeup.Next;
                var entries = await queue.NextAsync(settings.EmbedderBatchSize);
                if (entries.Count == 0)
                {
                    await StreamWakeup.WaitAsync(added, idle, time, stoppingToken);
                    idle = TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds * 2, settings.MaxPollInterval.TotalMilliseconds));
                    continue;
                }

                idle = TimeSpan.FromMilliseconds(10);
                await StreamBatches.ProcessIsolatingFailuresAsync(entries, batch => EmbedAsync(queue, batch, stoppingToken), logger, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (RedisOutage.Is(ex))
            {
                StreamBatches.LogRedisUnavailable(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    /// <summary>Embeds one batch and hands it on; returns how many items were embedded.</summary>
    public Task<int> EmbedAsync(StreamWorkQueue queue, IReadOnlyList<WorkItem> entries, CancellationToken cancellationToken) =>
        StreamBatches.TracedAsync("embed batch", RedisKeys.FeedbackStream, "feedbackfix.embedded", entries, () => EmbedBatchAsync(queue, entries, cancellationToken));

    private async Task<int> EmbedBatchAsync(StreamWorkQueue queue, IReadOnlyList<WorkItem> entries, CancellationToken cancellationToken)
    {
        var valid = await StreamBatches.WithValidIdsAsync(queue, entries, telemetry, logger);

        var items = await feedback.GetManyAsync([.. valid.Select(e => e.ToFeedbackEntry().FeedbackId)]);
        var handed = new List<string>(valid.Count);
        var forward = new List<FeedbackQueueEntry>(valid.Count);
        var toEmbed = new Dictionary<string, FeedbackItem>(StringComparer.Ordinal);
        var forwarded = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < valid.Count; i++)
        {
            if (items[i] is not { } item)
            {
                await DeadLetterAsync(queue, valid[i], $"feedback '{valid[i].ToFeedbackEntry().FeedbackId}' does not exist");
                continue;
            }

            handed.Add(valid[i].Id);
            // A clustered item goes on too: queued again because its text was edited (the writer
            // hands the new text to labelling), or placed by a person before it was embedded (the
            // writer's space takes it in with its vector). Only an item without a stored vector is
            // embedded: an edited one keeps the vector of its first text (the writer's reload keeps
            // the vectors it holds on that promise: ClusterSpaceCache).
            if (forwarded.Add(item.Id))
            {
                forward.Add(valid[i].ToFeedbackEntry());
                toEmbed[item.Id] = item;
            }
        }

        var missing = await WithoutStoredVectorAsync([.. toEmbed.Values]);
        var embedded = await EmbedAllAsync(missing, cancellationToken);
        await queue.HandOnEmbeddedAsync(handed, forward, embedded);
        return embedded.Count;
    }

    private async Task<List<FeedbackItem>> WithoutStoredVectorAsync(IReadOnlyList<FeedbackItem> items)
    {
        var stored = await vectors.GetItemVectorsAsync([.. items.Select(item => item.Id)], model.Dimension);
        return [.. items.Where((_, i) => stored[i] is null)];
    }

    private async Task<List<(string ItemId, float[] Vector)>> EmbedAllAsync(List<FeedbackItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return [];
        }

        using var activity = ClusteringTelemetry.StartEmbedding(items.Count, model.Name);
        var embeddings = await embedder.GenerateAsync(items.Select(EmbeddingText.For), cancellationToken: cancellationToken);
        return [.. items.Select((item, i) => (item.Id, embeddings[i].Vector.ToArray()))];
    }

    private Task DeadLetterAsync(StreamWorkQueue queue, WorkItem entry, string reason) =>
        StreamBatches.DeadLetterAsync(queue, entry, reason, telemetry, logger);
}

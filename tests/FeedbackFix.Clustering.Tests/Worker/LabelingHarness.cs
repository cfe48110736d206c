using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Clustering.Worker;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>
/// <see cref="ClusterLabeling"/> over a real Redis, with clusters committed as the worker commits
/// them (under the lease, so Domain keeps their counts) and flushed when a test says; no worker loop.
/// <see cref="DeliverQueuedAsync"/> hands what waits on <c>stream:feedback</c> to an embedder and
/// then to the membership writer's placer, as one turn of each loop does.
/// </summary>
internal sealed class LabelingHarness : IAsyncDisposable
{
    private readonly RedisServer _redis;
    private readonly FeedbackStore _feedback;
    private readonly VectorStore _vectors;
    private readonly ClusterMembershipStore _membership;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly LabelingOptions _options;
    private readonly ChatClientSummarizer? _model;
    private readonly CancellationTokenSource _tenure = new();
    private readonly ClusterLabeler _labeler;
    private readonly ClusteringTelemetry _telemetry;
    private ClusterSpaceCache _cache;
    private ClusterLabeling _labeling;
    private readonly FeedbackEmbedder _embedder;
    private ItemPlacer _placer;
    private readonly StreamWorkQueue _feedbackQueue;
    private readonly StreamWorkQueue _embeddedQueue;
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private LabelingHarness(RedisServer redis, LabelingOptions options, Func<ClusterLabeler, IClusterSummarizer> summarizer, Func<TimeProvider, ChatClientSummarizer>? chatModel)
    {
        _redis = redis;
        _options = options;
        var clock = _clock;
        _feedback = new FeedbackStore(redis.Connection, clock);
        _vectors = new VectorStore(redis.Connection);
        _membership = new ClusterMembershipStore(redis.Connection, clock);
        Clusters = new ClusterStore(redis.Connection, _feedback, clock);
        // The real clock: a curation refused by a concurrent commit waits a few milliseconds before it tries again.
        Curation = new ClusterCurationStore(redis.Connection, TimeProvider.System);
        _labeler = new ClusterLabeler(options);
        Summarizer = new CountingSummarizer(summarizer(_labeler));
        _model = chatModel?.Invoke(_clock);
        // Never asked: every report stored here has its vector stored with it.
        var embedder = new HashingEmbeddingGenerator();
        var model = new EmbeddingModelInfo("hashing", Vector.Length);
        _telemetry = new ClusteringTelemetry(_meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        _embedder = new FeedbackEmbedder(redis.Connection, _feedback, _vectors, embedder, model, _telemetry,
            Options.Create(new ClusteringOptions()), clock, NullLogger<FeedbackEmbedder>.Instance);
        (_cache, _labeling, _placer) = Writer();
        _feedbackQueue = new StreamWorkQueue(redis.Connection, QueueEntries.FeedbackQueue(FeedbackEmbedder.Group, "labeling-harness"));
        _embeddedQueue = new StreamWorkQueue(redis.Connection, QueueEntries.EmbeddedQueue(MembershipWriter.Group, MembershipWriter.Consumer));
    }

    public FeedbackStore Feedback => _feedback;

    public ClusterStore Clusters { get; }

    public ClusterCurationStore Curation { get; }

    /// <summary>The summariser in use, counting its calls: one per title and key-terms relabel.</summary>
    public CountingSummarizer Summarizer { get; }

    public IDatabase Db => _redis.Connection.GetDatabase();

    /// <summary>The clock of the stores and of labelling (a chat model's timeout and breaker); it moves only when a test moves it.</summary>
    public FakeTimeProvider Clock => _clock;

    /// <summary>Whether clusters wait for a label, as the worker asks before an idle flush.</summary>
    public bool HasPendingLabels => _labeling.HasPending;

    /// <summary>Freezes Redis: commands are sent and time out unanswered until <see cref="ResumeRedis"/>.</summary>
    public void PauseRedis() => _redis.Pause();

    public void ResumeRedis() => _redis.Resume();

    /// <summary>
    /// A harness whose flushes label with <paramref name="summarizer"/> (key terms by default) and, given
    /// a <paramref name="model"/> (made with the harness's <see cref="Clock"/>), ask it beside them.
    /// </summary>
    public static async Task<LabelingHarness> StartAsync(
        LabelingOptions options, Func<ClusterLabeler, IClusterSummarizer>? summarizer = null, Func<TimeProvider, ChatClientSummarizer>? model = null)
    {
        var redis = new RedisServer();
        await redis.InitializeAsync();
        return new LabelingHarness(redis, options, summarizer ?? (labeler => new TermsClusterSummarizer(labeler)), model);
    }

    /// <summary>
    /// Stores <paramref name="reports"/> and commits them as one new cluster; returns its id. The
    /// term statistics are counted from Redis, as at a start, or with <paramref name="asBatch"/> the
    /// items are tracked (terms and kept texts) as the batch that committed them does.
    /// </summary>
    public async Task<string> OpenClusterAsync(IReadOnlyList<NewFeedback> reports, bool asBatch = false)
    {
        var items = await AddWithVectorsAsync(reports);
        var clusterId = Ids.New();
        await CommitAsync(new ClusterMembershipUpdate(clusterId, Vector, items, [], Opened: true));
        await _cache.EnsureCurrentAsync();
        if (asBatch)
        {
            _labeling.Track((await _feedback.GetManyAsync(items)).Select(item => (clusterId, item!)));
        }
        else
        {
            await _labeling.RebuildCorpusAsync();
        }
        return clusterId;
    }

    /// <summary>
    /// Processes every entry waiting on <c>stream:feedback</c> (reports stored here are on it too)
    /// through an embedder and the membership writer's placer, holding the lease, as their loops do.
    /// </summary>
    public async Task DeliverQueuedAsync()
    {
        await EmbedQueuedAsync();
        await PlaceEmbeddedAsync();
    }

    /// <summary>Processes every entry waiting on <c>stream:feedback</c> through an embedder, as its loop does.</summary>
    public async Task EmbedQueuedAsync()
    {
        await _feedbackQueue.EnsureGroupAsync();
        while (await _feedbackQueue.ReadAsync(256) is { Count: > 0 } entries)
        {
            await _embedder.EmbedAsync(_feedbackQueue, entries, CancellationToken.None);
        }
    }

    /// <summary>Places every entry waiting on <c>stream:embedded</c> through the membership writer's placer, holding the lease.</summary>
    public async Task PlaceEmbeddedAsync()
    {
        await _embeddedQueue.EnsureGroupAsync();
        var lease = await RedisLease.TryAcquireAsync(Db, "lock:clustering", TimeSpan.FromMinutes(1));
        Assert.NotNull(lease);
        try
        {
            while (await _embeddedQueue.ReadAsync(256) is { Count: > 0 } entries)
            {
                await _placer.PlaceAsync(_embeddedQueue, entries, lease);
            }
        }
        finally
        {
            await lease.ReleaseAsync();
        }
    }

    /// <summary>Flushes the labels with nothing marked by the test, as the worker does once its queue is idle; a model's calls outlive it.</summary>
    public Task FlushPendingAsync(CancellationToken cancellationToken = default) =>
        _labeling.FlushAsync(cancellationToken.CanBeCanceled ? cancellationToken : _tenure.Token);

    /// <summary>Marks clusters changed, as committed batches do (or, <paramref name="force"/>d, as a merge, a move or an edit does), without flushing.</summary>
    public void MarkChanged(IEnumerable<string> clusterIds, bool force = false) => _labeling.MarkChanged(clusterIds, force);

    /// <summary>
    /// Replaces the writer's labelling, space and placer with new ones, as another replica taking the
    /// lease starts (everything the old one held in memory is gone), and starts its tenure as
    /// MembershipWriter does: the space loaded, then the term statistics counted.
    /// </summary>
    public async Task TakeOverAsync()
    {
        (_cache, _labeling, _placer) = Writer();
        _cache.Invalidate();
        await _cache.EnsureCurrentAsync();
        await _labeling.RebuildCorpusAsync();
    }

    /// <summary>Stores <paramref name="report"/> and commits it into <paramref name="clusterId"/>, as a batch does.</summary>
    public async Task AddToClusterAsync(string clusterId, NewFeedback report)
    {
        var item = Assert.Single(await AddWithVectorsAsync([report]));
        await CommitAsync(new ClusterMembershipUpdate(clusterId, Vector, [item], []));
        await _cache.EnsureCurrentAsync();
        _labeling.Track([(clusterId, (await _feedback.GetAsync(item))!)]);
    }

    /// <summary>Marks the cluster changed and flushes the labels, as the worker does once its queue is idle.</summary>
    public async Task FlushAsync(string clusterId)
    {
        _labeling.MarkChanged([clusterId]);
        await _labeling.FlushAsync(_tenure.Token);
    }

    public async Task<IssueCluster> GetAsync(string clusterId) => (await Clusters.GetAsync(clusterId))!;

    public async ValueTask DisposeAsync()
    {
        // The writer's tenure ends: a model's calls still running stop.
        await _tenure.CancelAsync();
        _tenure.Dispose();
        await _meters.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private static readonly float[] Vector = [0.6f, 0.8f];

    private (ClusterSpaceCache, ClusterLabeling, ItemPlacer) Writer()
    {
        var model = new EmbeddingModelInfo("hashing", Vector.Length);
        var cache = new ClusterSpaceCache(_membership, _vectors, model, new ClusteringSettingsStore(_redis.Connection, _clock), Options.Create(new GroupingOptions()), _clock, NullLogger<ClusterSpaceCache>.Instance);
        var models = new ModelSummaries(_model, _membership, Options.Create(_options), NullLogger<ModelSummaries>.Instance);
        var labeling = new ClusterLabeling(Summarizer, models, _labeler, new RelabelPolicy(_options), cache, _membership, _feedback,
            Options.Create(_options), _clock, NullLogger<ClusterLabeling>.Instance);
        var placer = new ItemPlacer(_feedback, _vectors, _membership, model, cache, labeling, _telemetry, _clock, NullLogger<ItemPlacer>.Instance);
        return (cache, labeling, placer);
    }

    /// <summary>Stores <paramref name="reports"/>, each with its vector, queued for the embedders as Ingestion queues them.</summary>
    public Task<List<string>> AddAsync(IReadOnlyList<NewFeedback> reports) => AddWithVectorsAsync(reports);

    private async Task<List<string>> AddWithVectorsAsync(IReadOnlyList<NewFeedback> reports)
    {
        var items = (await _feedback.AddManyAsync(reports, null)).Select(r => r.Id).ToList();
        await _vectors.SaveItemVectorsAsync([.. items.Select(id => (id, Vector))]);
        return items;
    }

    private async Task CommitAsync(ClusterMembershipUpdate update)
    {
        var lease = await RedisLease.TryAcquireAsync(_redis.Connection.GetDatabase(), "lock:clustering", TimeSpan.FromMinutes(1));
        Assert.NotNull(lease);
        try
        {
            Assert.True(await _membership.CommitAsync(new MembershipChanges([update], []), lease));
        }
        finally
        {
            await lease.ReleaseAsync();
        }
    }
}

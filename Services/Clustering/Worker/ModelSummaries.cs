using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// A chat model's summaries, asked for beside the membership writer and never on its loop: the
/// writer's flush labels a cluster with its key terms at once and hands the model a
/// <see cref="ModelQuestion"/>; the answer is saved when it comes, with the counts sentence of the
/// cluster as it is then. At most <see cref="LlmLabelingOptions.Concurrency"/> calls run at a time,
/// one per cluster, and a cluster asked about again while it waits is asked once, with the newest
/// question. An answer is saved with the counts of the moment (a fresh read, then the writer's
/// guarded script, <see cref="ClusterMembershipStore.SetLabelsAsync"/>), never over a person's labels,
/// and only while the cluster's lead is still the one it was asked under
/// (<see cref="ModelQuestion.Lead"/>) and no newer question about it waits: a relabel since (an edit,
/// a merge) asked again, and the older answer would describe what the cluster was. No answer (a
/// failure, a timeout, the breaker open, the writer's tenure over) leaves the cluster the label it has
/// until the writer's relabel policy next finds it due. Without a model
/// (<see cref="LlmLabelingOptions.Enabled"/> off) it is never asked.
/// </summary>
internal sealed partial class ModelSummaries
{
    /// <summary>Saves tried for one answer while flushes keep moving the cluster's counts.</summary>
    private const int SaveAttempts = 3;

    private readonly ChatClientSummarizer? _model;
    private readonly ClusterMembershipStore _membership;
    private readonly int _concurrency;
    private readonly ILogger<ModelSummaries> _logger;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ModelQuestion Question, CancellationToken Tenure)> _waiting = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly HashSet<string> _asking = new(StringComparer.Ordinal);
    private int _callers;

    public ModelSummaries(ChatClientSummarizer? model, ClusterMembershipStore membership, IOptions<LabelingOptions> options, ILogger<ModelSummaries> logger)
    {
        _model = model;
        _membership = membership;
        _concurrency = options.Value.Llm.Concurrency;
        _logger = logger;
    }

    /// <summary>Whether a chat model summarises clusters.</summary>
    public bool Enabled => _model is not null;

    /// <summary>
    /// Asks the model about a cluster, once a call is free; a question about the same cluster still
    /// waiting is replaced. Questions of a <paramref name="tenure"/> that has ended are dropped.
    /// </summary>
    public void Ask(ModelQuestion question, CancellationToken tenure)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (_model is null)
        {
            return;
        }

        lock (_gate)
        {
            var queued = !_waiting.ContainsKey(question.ClusterId) && !_asking.Contains(question.ClusterId);
            _waiting[question.ClusterId] = (question, tenure);
            if (!queued)
            {
                // Its turn is taken already, or comes when the call about it ends (Asked).
                return;
            }
            _order.Enqueue(question.ClusterId);
            if (_callers < _concurrency)
            {
                _callers++;
                _ = Task.Run(() => AskWaitingAsync(_model));
            }
        }
    }

    // One of at most Concurrency callers: asks the waiting questions one after another until none is left.
    private async Task AskWaitingAsync(ChatClientSummarizer model)
    {
        while (NextQuestion() is var (question, tenure))
        {
            try
            {
                if (!tenure.IsCancellationRequested && await model.SummarizeAsync(question, tenure) is { } label)
                {
                    await SaveAsync(question, label, tenure);
                }
            }
            catch (Exception) when (tenure.IsCancellationRequested)
            {
                // The tenure ended (the lease lost, the service stopping): its answers are not saved.
            }
            catch (Exception ex) when (RedisOutage.Is(ex))
            {
                LogRedisUnavailable(question.ClusterId, ex.Message);
            }
            catch (Exception ex)
            {
                LogFailed(ex, question.ClusterId);
            }
            finally
            {
                Asked(question.ClusterId);
            }
        }
    }

    // The oldest waiting question, or null once none waits (and then this caller ends).
    private (ModelQuestion Question, CancellationToken Tenure)? NextQuestion()
    {
        lock (_gate)
        {
            if (!_order.TryDequeue(out var clusterId))
            {
                _callers--;
                return null;
            }
            var next = _waiting[clusterId];
            _waiting.Remove(clusterId);
            _asking.Add(clusterId);
            return next;
        }
    }

    // A cluster asked about again while its call ran gets its turn now, after the answer before it.
    private void Asked(string clusterId)
    {
        lock (_gate)
        {
            _asking.Remove(clusterId);
            if (_waiting.ContainsKey(clusterId))
            {
                _order.Enqueue(clusterId);
            }
        }
    }

    private async Task SaveAsync(ModelQuestion question, ClusterLabel label, CancellationToken tenure)
    {
        var clusterId = question.ClusterId;
        for (var attempt = 0; attempt < SaveAttempts; attempt++)
        {
            tenure.ThrowIfCancellationRequested();
            if ((await _membership.GetLabelBasesAsync([clusterId]))[0] is not { EditedByPerson: false } basis)
            {
                return;
            }
            if (basis.SummaryLead != question.Lead || IsWaiting(clusterId))
            {
                LogSuperseded(clusterId);
                return;
            }

            var facts = new ClusterFacts(basis.Size, basis.Sources, basis.FirstSeen, basis.LastSeen);
            switch (await _membership.SetLabelsAsync(basis, label.Summary(facts), label.Title, label.Lead, leadByModel: true))
            {
                case LabelSave.Saved:
                    LogSaved(clusterId, basis.Size);
                    return;
                case LabelSave.Kept:
                    return;
            }
        }
        LogKeptMoving(clusterId, SaveAttempts);
    }

    private bool IsWaiting(string clusterId)
    {
        lock (_gate)
        {
            return _waiting.ContainsKey(clusterId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Saved the chat model's label of cluster {ClusterId} at size {Size}")]
    private partial void LogSaved(string clusterId, long size);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped the chat model's label of cluster {ClusterId}: the cluster was relabelled since it was asked")]
    private partial void LogSuperseded(string clusterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The counts of cluster {ClusterId} moved at each of {Attempts} saves of the chat model's label; it is asked again when it is next due")]
    private partial void LogKeptMoving(string clusterId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable to save the chat model's label of cluster {ClusterId}: {Reason}; it is asked again when it is next due")]
    private partial void LogRedisUnavailable(string clusterId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Asking the chat model about cluster {ClusterId}, or saving its answer, failed; it is asked again when it is next due")]
    private partial void LogFailed(Exception exception, string clusterId);
}

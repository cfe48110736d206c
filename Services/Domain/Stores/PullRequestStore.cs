using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Queues;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// GitHub's <c>pull_request</c> deliveries: queued by Ingestion once verified (a delivery id only once),
/// applied by Clusters to the job that opened the pull request and to its cluster, under the rules of
/// <see cref="StatusTransitions"/>. Applying is idempotent: a repeated delivery finds the job's pull
/// request already in its state and the cluster already moved.
/// </summary>
public sealed class PullRequestStore(IConnectionMultiplexer redis, JobStore jobs, ClusterStore clusters, TimeProvider time)
{
    /// <summary>How long a queued delivery id is remembered; GitHub redelivers within days, and a later one is harmless anyway.</summary>
    public static readonly TimeSpan DeliveryMemory = TimeSpan.FromDays(7);

    /// <summary>The queue keeps about this many entries; acknowledged ones are what trimming drops.</summary>
    internal const int StreamMaxLength = 100_000;

    private const int MaxCasAttempts = 8;
    private const string PrStateField = "pr_state";
    private const string PrUpdatedAtField = "pr_updated_at";

    // KEYS[1] the delivery's marker, KEYS[2] the stream; ARGV: marker lifetime (ms), stream cap, the entry's fields.
    private const string EnqueueScript = """
        if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', unpack(ARGV, 3))
        return 1
        """;

    // Compare-and-set of the job's pull-request state and time (ARGV[1], ARGV[2] as read, '' for none):
    // the new state and time, the fields to set, and a line in the job's log (KEYS[2]).
    private const string JobScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 'not_found' end
        if (redis.call('HGET', KEYS[1], 'pr_state') or '') ~= ARGV[1] then return 'changed' end
        if (redis.call('HGET', KEYS[1], 'pr_updated_at') or '') ~= ARGV[2] then return 'changed' end
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'line', ARGV[4])
        redis.call('HSET', KEYS[1], unpack(ARGV, 5))
        return 'ok'
        """;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Queues a verified delivery for Clusters; false when its delivery id was queued before (a redelivery).</summary>
    public async Task<bool> EnqueueAsync(PullRequestQueueEntry entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(entry.DeliveryId);
        RedisValue[] args =
        [
            (long)DeliveryMemory.TotalMilliseconds, StreamMaxLength,
            .. entry.ToFields().SelectMany(field => new[] { (RedisValue)field.Name.ToString(), field.Value }),
        ];
        return (long)await Db.ScriptEvaluateAsync(EnqueueScript, [RedisKeys.GitHubDelivery(entry.DeliveryId), RedisKeys.PullRequestsStream], args) == 1;
    }

    /// <summary>The job whose <c>pr_url</c> names this pull request, if any.</summary>
    public async Task<string?> FindJobAsync(PullRequestRef pullRequest) =>
        RedisValues.OptionalString(await Db.HashGetAsync(RedisKeys.JobsByPullRequest, pullRequest.Key));

    /// <summary>
    /// Applies a delivery: the job's pull request takes the delivery's state (unless the delivery is
    /// older than the one last applied, or the pull request was merged already), then the cluster follows
    /// when this job is its latest (<see cref="StatusTransitions.ClusterAfterPullRequest"/>). Closed
    /// without merging notes it on the job.
    /// </summary>
    public async Task<PullRequestOutcome> ApplyAsync(PullRequestQueueEntry entry)
    {
        if (StateOf(entry) is not { } state)
        {
            return new PullRequestOutcome(PullRequestOutcomeKind.IrrelevantAction);
        }
        if (PullRequestRef.From(entry.Repository, entry.Number) is not { } pullRequest
            || await FindJobAsync(pullRequest) is not { } jobId)
        {
            return new PullRequestOutcome(PullRequestOutcomeKind.UnknownPullRequest);
        }

        var job = await RecordStateAsync(jobId, pullRequest, state, entry.UpdatedAt);
        if (job is null)
        {
            return new PullRequestOutcome(PullRequestOutcomeKind.UnknownPullRequest);
        }
        if (job.PrState != state)
        {
            return new PullRequestOutcome(PullRequestOutcomeKind.Outdated, jobId, job.ClusterId);
        }
        var moved = await MoveClusterAsync(job, state);
        return new PullRequestOutcome(PullRequestOutcomeKind.Applied, jobId, job.ClusterId, moved);
    }

    /// <summary>What a delivery's action says about the pull request; null for actions that say nothing about a fix.</summary>
    public static PullRequestState? StateOf(PullRequestQueueEntry entry) => entry.Action switch
    {
        "opened" or "reopened" => PullRequestState.Open,
        "closed" => entry.Merged ? PullRequestState.Merged : PullRequestState.Closed,
        _ => null,
    };

    // The job as it stands after the delivery: in the delivery's state, or, when the delivery was
    // outdated or refused, as it was.
    private async Task<AgentJob?> RecordStateAsync(string jobId, PullRequestRef pullRequest, PullRequestState state, DateTimeOffset? updatedAt)
    {
        for (var attempt = 0; attempt < MaxCasAttempts; attempt++)
        {
            var job = await jobs.GetAsync(jobId);
            if (job is null)
            {
                return null;
            }
            var recordedAt = await Db.HashGetAsync(RedisKeys.Job(jobId), PrUpdatedAtField);
            var recordedMs = recordedAt.TryParse(out long ms) ? ms : (long?)null;
            var deliveredMs = updatedAt?.ToUnixTimeMilliseconds();
            if (job.PrState == state
                || !StatusTransitions.CanMove(job.PrState, state)
                || (recordedMs is not null && deliveredMs is not null && deliveredMs < recordedMs))
            {
                return job;
            }

            var now = time.GetUtcNow().ToRedis();
            var line = state switch
            {
                PullRequestState.Merged => $"github: pull request {pullRequest} was merged",
                PullRequestState.Closed => ClosedNote(pullRequest),
                _ => $"github: pull request {pullRequest} is open",
            };
            var fields = new List<RedisValue>
            {
                PrStateField, state.ToRedis(), PrUpdatedAtField, deliveredMs ?? recordedMs ?? 0, "updated_at", now,
            };
            if (state == PullRequestState.Closed)
            {
                fields.AddRange(["note", ClosedNote(pullRequest)]);
            }
            else if (job.PrState == PullRequestState.Closed)
            {
                fields.AddRange(["note", $"pull request {pullRequest} was reopened"]);
            }
            RedisValue[] args =
            [
                job.PrState?.ToRedis() ?? "", recordedAt.IsNull ? "" : recordedAt, JobStore.LogStreamMaxLength, line, .. fields,
            ];
            switch ((string?)await Db.ScriptEvaluateAsync(JobScript, [RedisKeys.Job(jobId), RedisKeys.JobLogs(jobId)], args))
            {
                case "ok":
                    return await jobs.GetAsync(jobId);
                case "not_found":
                    return null;
            }
        }
        throw new ConcurrentChangeException($"Job {jobId} kept changing under concurrent updates.");
    }

    /// <summary>The note a job keeps when its pull request is closed without being merged.</summary>
    public static string ClosedNote(PullRequestRef pullRequest) =>
        $"pull request {pullRequest} was closed without being merged; the cluster is open again";

    // Moves the cluster only while this job is its latest: a pull request of an earlier attempt says
    // nothing about a fix started since. A job created meanwhile moves the cluster to fixing, which the
    // status guard of the change sees.
    private async Task<ClusterStatus?> MoveClusterAsync(AgentJob job, PullRequestState state)
    {
        for (var attempt = 0; attempt < MaxCasAttempts; attempt++)
        {
            var cluster = await clusters.GetAsync(job.ClusterId);
            if (cluster is null || StatusTransitions.ClusterAfterPullRequest(cluster.Status, state) is not { } target)
            {
                return null;
            }
            var latest = (await jobs.ListForClusterAsync(cluster.Id, after: null, limit: 1)).Items.FirstOrDefault();
            if (latest?.Id != job.Id)
            {
                return null;
            }
            var read = cluster.Status;
            var result = await clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: target),
                (from, to) => from == read && StatusTransitions.CanMove(from, to), Actor.GitHub, job.Id);
            switch (result.Outcome)
            {
                case ChangeOutcome.Changed:
                    return target;
                case ChangeOutcome.NotFound:
                    return null;
            }
        }
        throw new ConcurrentChangeException($"Cluster {job.ClusterId} kept changing under concurrent updates.");
    }
}

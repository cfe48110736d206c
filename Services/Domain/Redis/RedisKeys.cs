using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Jobs;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Redis;

/// <summary>
/// Every Redis key FeedbackFix uses, in one place (ARCHITECTURE §4). The seed's keys keep
/// their names so a dashboard reading Redis directly still works; the <c>by_*</c> and
/// <c>*:status:*</c> sorted sets are our indexes for filtered, paged lists and counts.
/// </summary>
public static class RedisKeys
{
    public static RedisKey Feedback(string id) => $"feedback:{id}";

    /// <summary>
    /// Whether <c>feedback:{id}</c> could hold a report: the original contract's indexes share the prefix
    /// (<c>feedback:all</c>, ...), and an id spelled like one of them (a valid id from outside) names no
    /// report; reading it as a hash would fail with WRONGTYPE.
    /// </summary>
    public static bool CanNameReport(string id) => !FeedbackIndexNames.Contains(id);

    public static readonly RedisKey FeedbackAll = "feedback:all";
    public static RedisKey FeedbackBySource(FeedbackSource source) => $"feedback:source:{source.ToRedis()}";
    public static RedisKey FeedbackExternal(FeedbackSource source) => $"feedback:external:{source.ToRedis()}";
    public static readonly RedisKey FeedbackUnclustered = "feedback:unclustered";
    public static readonly RedisKey FeedbackStream = "stream:feedback";
    /// <summary>Items embedded and waiting for the membership writer (id and traceparent, as on <see cref="FeedbackStream"/>).</summary>
    public static readonly RedisKey EmbeddedStream = "stream:embedded";
    public static RedisKey FeedbackVector(string id) => $"feedback:vector:{id}";

    public static RedisKey Cluster(string id) => $"cluster:{id}";
    public static RedisKey ClusterItems(string id) => $"cluster:items:{id}";
    public static RedisKey ClusterVector(string id) => $"cluster:vector:{id}";

    /// <summary>SCAN patterns matching every stored vector: the items' and the centroids.</summary>
    public static readonly IReadOnlyList<string> VectorPatterns = ["feedback:vector:*", "cluster:vector:*"];
    public static RedisKey ClusterMerged(string id) => $"cluster:merged:{id}";
    /// <summary>Scratch space of the script that finds a cluster's first and last report; gone before the script ends.</summary>
    public static RedisKey ClusterRangeScratch(string id) => $"cluster:range:{id}";
    /// <summary>A cluster's reports per UTC day of the last 30 days (day to count); see <c>ClusterDailyCounts</c>.</summary>
    public static RedisKey ClusterDaily(string id) => $"cluster:daily:{id}";
    public static RedisKey ClusterJobs(string clusterId) => $"cluster:jobs:{clusterId}";
    /// <summary>A merged-away cluster's record as it was when merged, with <c>merged_into</c>, kept so the merge can be undone.</summary>
    public static RedisKey ClusterMergedRecord(string id) => $"cluster:merged_record:{id}";
    /// <summary>The reports a merged-away cluster had when it was merged.</summary>
    public static RedisKey ClusterMergedItems(string id) => $"cluster:merged_items:{id}";
    /// <summary>The clusters merged into this one whose merge can still be undone.</summary>
    public static RedisKey ClusterMergedFrom(string id) => $"cluster:merged_from:{id}";
    /// <summary>What happened to a cluster, newest first, capped (JSON entries of <c>ClusterActivity</c>).</summary>
    public static RedisKey ClusterActivity(string id) => $"cluster:activity:{id}";
    /// <summary>Clusters a person curated (merged into, unmerged, moved reports in or out, split): refinement leaves them alone.</summary>
    public static readonly RedisKey ClustersCurated = "clusters:curated";
    /// <summary>Clusters a person's curation changed, for the clustering worker to label again (their titles and counts sentences).</summary>
    public static readonly RedisKey ClustersToRelabel = "clustering:relabel";
    /// <summary>Reports a person placed, scored by the <c>clustering:version</c> their move committed: they never move by themselves.</summary>
    public static readonly RedisKey FeedbackPlacedByPerson = "feedback:placed_by_person";

    // After FeedbackAll, FeedbackUnclustered and FeedbackPlacedByPerson, whose names it is made of.
    private static readonly HashSet<string> FeedbackIndexNames = new(
        new[] { FeedbackAll, FeedbackUnclustered, FeedbackPlacedByPerson }.Select(key => key.ToString()["feedback:".Length..]), StringComparer.Ordinal);
    public static readonly RedisKey ClustersAll = "clusters:all";
    /// <summary>Every cluster, scored by size: the default order of <c>GET /clusters</c>.</summary>
    public static readonly RedisKey ClustersBySize = "clusters:by_size";
    public static RedisKey ClustersByStatus(ClusterStatus status) => $"clusters:status:{status.ToRedis()}";
    /// <summary>Every counted cluster, scored by its <c>last_seen</c> (Unix ms): <c>GET /clusters?sort=last_seen</c>.</summary>
    public static readonly RedisKey ClustersByLastSeen = "clusters:by_last_seen";
    /// <summary>As <see cref="ClustersByLastSeen"/>, for the clusters of one status.</summary>
    public static RedisKey ClustersByLastSeenOfStatus(ClusterStatus status) => $"clusters:by_last_seen:{status.ToRedis()}";
    /// <summary>Every counted cluster, scored by its time-free trend key: <c>GET /clusters?sort=trend</c> (docs/architecture.md, "Trends").</summary>
    public static readonly RedisKey ClustersByTrend = "clusters:by_trend";
    /// <summary>Every counted cluster, scored by its <c>first_seen</c> (Unix ms): <c>GET /clusters?sort=first_seen</c>.</summary>
    public static readonly RedisKey ClustersByFirstSeen = "clusters:by_first_seen";
    public static readonly RedisKey EmbeddingModel = "embedding:model";
    /// <summary>Lease held by the one clustering worker that may change cluster membership.</summary>
    public static readonly RedisKey ClusteringLock = "lock:clustering";
    /// <summary>Lease held by the one Ingestion replica running a retention pass, so replicas do not delete the same reports side by side.</summary>
    public static readonly RedisKey RetentionLock = "lock:retention";
    /// <summary>Bumped by every membership commit, so replicas know their in-memory copy is stale.</summary>
    public static readonly RedisKey ClusteringVersion = "clustering:version";
    /// <summary>Set once <c>StrandedReports</c> has looked through every report: stores written since cannot strand one.</summary>
    public static readonly RedisKey StrandedReportsReleased = "clustering:stranded_released";

    public static RedisKey Job(string id) => $"job:{id}";
    public static RedisKey JobLogs(string id) => $"job:logs:{id}";
    public static readonly RedisKey JobsAll = "jobs:all";
    public static RedisKey JobsByStatus(JobStatus status) => $"jobs:status:{status.ToRedis()}";
    public static readonly RedisKey JobsStream = "stream:jobs";
    /// <summary>Pull requests of jobs: field <c>owner/name#number</c> (lower case, <c>PullRequestRef.Key</c>) -> job id, written with the job's <c>pr_url</c>.</summary>
    public static readonly RedisKey JobsByPullRequest = "jobs:by_pull_request";
    /// <summary>Verified GitHub <c>pull_request</c> deliveries for Clusters to apply (consumer group <c>clusters</c>).</summary>
    public static readonly RedisKey PullRequestsStream = "stream:pull_requests";
    /// <summary>A GitHub delivery id (<c>X-GitHub-Delivery</c>) already queued, kept for a while so a redelivery is a duplicate.</summary>
    public static RedisKey GitHubDelivery(string deliveryId) => WebhookDelivery(FeedbackSource.Github, deliveryId);
    /// <summary>A sender's delivery id already stored or applied (the item's id), kept for a while so a redelivery is a duplicate.</summary>
    public static RedisKey WebhookDelivery(FeedbackSource source, string deliveryId) => $"webhook:{source.ToRedis()}:delivery:{deliveryId}";

    /// <summary>Jobs cancelled or failed while their agent may still run: the orchestrator stops each task, then removes the id.</summary>
    public static readonly RedisKey JobsStopping = "jobs:stopping";

    /// <summary>What the agent orchestrator can do (a GitHub token or not): refreshed while it runs, expiring when it stops.</summary>
    public static readonly RedisKey OrchestratorCapabilities = "orchestrator:capabilities";

    public static readonly RedisKey RedditSubreddits = "config:reddit:subreddits";
    /// <summary>Where fixes go by source: fields <c>rules</c> (the mapping as JSON) and <c>version</c> (bumped by each replacement).</summary>
    public static readonly RedisKey RepositoryMapping = "config:repositories";
    /// <summary>The clustering worker's thresholds set at run time: one field per value, <c>version</c> and <c>updated_at</c>.</summary>
    public static readonly RedisKey ClusteringSettings = "config:clustering";
    /// <summary>The newest post fullname the poller has handed to Ingestion for a subreddit: its <c>before</c> cursor.</summary>
    public static RedisKey PollerRedditNewest(string subreddit) => $"poller:reddit:{subreddit}:newest";
    /// <summary>Recently seen post fullnames of a subreddit, scored by created_utc and capped, for when the cursor post is deleted.</summary>
    public static RedisKey PollerRedditSeen(string subreddit) => $"poller:reddit:{subreddit}:seen";
    /// <summary>
    /// A request's Idempotency-Key within its scope (a route and an API client, <c>start_fix@dashboard</c>): a hash
    /// of the request's fingerprint and, once answered, the answer; it lives 24 hours.
    /// </summary>
    public static RedisKey IdempotencyKey(string scope, string key) => $"idempotency:{scope}:{key}";
}

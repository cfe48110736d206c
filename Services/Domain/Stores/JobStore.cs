using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>Agent jobs and their lifecycle, logs and tokens; a job's end moves its cluster.</summary>
public sealed class JobStore(IConnectionMultiplexer redis, ClusterStore clusters, TimeProvider time)
{
    public const int MaxLogLineLength = 8_192;

    /// <summary>How a log line longer than <see cref="MaxLogLineLength"/> ends once cut to it, so a reader sees it was cut.</summary>
    public const string CutMarker = "… [line cut]";
    internal const int LogStreamMaxLength = 10_000;
    private const int MaxCasAttempts = 8;

    /// <summary>On <c>job:{id}</c>: the last agent report's <c>sequence</c> applied (JobReport.Sequence).</summary>
    private const string ReportSequenceField = "report_sequence";
    private const string LaunchRefusalsField = "launch_refusals";

    private const string StoppedScript = """
        if (redis.call('HGET', KEYS[1], 'task_ref') or '') ~= ARGV[1] then return 0 end
        redis.call('SREM', KEYS[2], ARGV[2])
        return 1
        """;

    private static readonly string CountRefusalScript = $$"""
        if redis.call('EXISTS', KEYS[1]) == 0 then return end
        if tonumber(redis.call('HGET', KEYS[1], '{{LaunchRefusalsField}}') or '0') == tonumber(ARGV[1]) then
          redis.call('HSET', KEYS[1], '{{LaunchRefusalsField}}', tonumber(ARGV[1]) + 1)
        end
        """;

    /// <summary>The line as kept: a longer one cut to <see cref="MaxLogLineLength"/> with <see cref="CutMarker"/> at its end, never inside a surrogate pair.</summary>
    public static string Bounded(string line)
    {
        if (line.Length <= MaxLogLineLength)
        {
            return line;
        }
        var keep = MaxLogLineLength - CutMarker.Length;
        keep -= char.IsHighSurrogate(line[keep - 1]) ? 1 : 0;
        return string.Concat(line.AsSpan(0, keep), CutMarker);
    }

    // Compare-and-set on the cluster's status (the caller checked StatusTransitions), the cluster
    // moved between the status indexes (by size, KEYS[2..3]; by last_seen, KEYS[9..11]), then the
    // job, its indexes and, for the orchestrator, its work-queue entry.
    private static readonly string CreateScript = $$"""
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status then return 'not_found' end
        if status ~= ARGV[1] then return 'changed' end
        local size = redis.call('HGET', KEYS[1], 'size') or 0
        redis.call('ZREM', KEYS[2], ARGV[2])
        redis.call('ZADD', KEYS[3], size, ARGV[2])
        local seen = redis.call('ZSCORE', KEYS[9], ARGV[2])
        redis.call('ZREM', KEYS[10], ARGV[2])
        if seen then redis.call('ZADD', KEYS[11], seen, ARGV[2]) end
        redis.call('HSET', KEYS[1], 'status', ARGV[4], 'active_job_id', ARGV[3], 'updated_at', ARGV[6])
        redis.call('HSET', KEYS[4], unpack(ARGV, 11))
        if ARGV[10] ~= '' then
          redis.call('LPUSH', KEYS[12], ARGV[10])
          redis.call('LTRIM', KEYS[12], 0, {{ClusterActivityLog.Capacity - 1}})
        end
        redis.call('ZADD', KEYS[5], ARGV[5], ARGV[3])
        redis.call('ZADD', KEYS[6], ARGV[5], ARGV[3])
        redis.call('ZADD', KEYS[7], ARGV[5], ARGV[3])
        if ARGV[7] == '1' then
          redis.call('XADD', KEYS[8], '*', '{{QueueEntries.JobIdField}}', ARGV[3], '{{QueueEntries.TokenField}}', ARGV[8], '{{QueueEntries.TraceParentField}}', ARGV[9])
        end
        return 'ok'
        """;

    // Compare-and-set on the job's status and on its pull request's state (the cluster's move is worked
    // out from both); log lines; and when the job ends, its cluster moves on, but only if this job is
    // still the cluster's active one. A job that is cancelled or fails is noted for the orchestrator,
    // which owns the agent task and makes sure it is stopped. A pull request the job reports is indexed
    // (KEYS[12], field ARGV[10]) so GitHub's deliveries about it find the job; one the index gives to
    // another job is refused, with nothing changed (its deliveries stay with that job). The cluster's move is
    // recorded in its activity (KEYS[13]) with the entry ARGV[12], only when the move happens. An agent's
    // report numbered (ARGV[13]) no higher than the last one applied is a retry of it: nothing changes.
    private static readonly string ChangeScript = $$"""
        local current = redis.call('HGET', KEYS[1], 'status')
        if not current then return 'not_found' end
        if current ~= ARGV[1] then return 'changed' end
        if (redis.call('HGET', KEYS[1], 'pr_state') or '') ~= ARGV[11] then return 'changed' end
        if ARGV[13] ~= '' and tonumber(ARGV[13]) <= tonumber(redis.call('HGET', KEYS[1], '{{ReportSequenceField}}') or '0') then
          return 'replayed'
        end
        if ARGV[10] ~= '' then
          local owner = redis.call('HGET', KEYS[12], ARGV[10])
          if owner and owner ~= ARGV[3] then return 'pr_taken:' .. owner end
        end
        if ARGV[2] ~= current then
          local created = redis.call('ZSCORE', KEYS[2], ARGV[3]) or 0
          redis.call('ZREM', KEYS[2], ARGV[3])
          redis.call('ZADD', KEYS[3], created, ARGV[3])
        end
        local nlogs = tonumber(ARGV[9])
        for i = 14, 13 + nlogs do
          redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[8], '*', 'line', ARGV[i])
        end
        redis.call('HSET', KEYS[1], 'status', ARGV[2], unpack(ARGV, 14 + nlogs))
        if ARGV[10] ~= '' then redis.call('HSET', KEYS[12], ARGV[10], ARGV[3]) end
        if (ARGV[2] == 'cancelled' or ARGV[2] == 'failed') and ARGV[1] ~= ARGV[2] then
          redis.call('SADD', KEYS[8], ARGV[3])
        end
        if ARGV[4] ~= '' and redis.call('HGET', KEYS[5], 'active_job_id') == ARGV[3]
           and redis.call('HGET', KEYS[5], 'status') == ARGV[6] then
          local size = redis.call('HGET', KEYS[5], 'size') or 0
          redis.call('ZREM', KEYS[6], ARGV[5])
          redis.call('ZADD', KEYS[7], size, ARGV[5])
          local seen = redis.call('ZSCORE', KEYS[9], ARGV[5])
          redis.call('ZREM', KEYS[10], ARGV[5])
          if seen then redis.call('ZADD', KEYS[11], seen, ARGV[5]) end
          redis.call('HSET', KEYS[5], 'status', ARGV[4], 'active_job_id', '', 'updated_at', ARGV[7])
          redis.call('LPUSH', KEYS[13], ARGV[12])
          redis.call('LTRIM', KEYS[13], 0, {{ClusterActivityLog.Capacity - 1}})
        end
        return 'ok'
        """;

    private const string PullRequestTaken = "pr_taken:";

    private IDatabase Db => redis.GetDatabase();

    /// <summary>
    /// Opens a job for a cluster and marks the cluster <c>fixing</c>, atomically; refuses while the
    /// cluster's status does not allow a fix. With <paramref name="enqueue"/> the job goes onto
    /// <c>stream:jobs</c> for the orchestrator, carrying its token; otherwise the caller launches it.
    /// </summary>
    public async Task<JobCreation> CreateAsync(
        string clusterId, string repoUrl, string launcher, bool enqueue, string? traceParent, int attempt = 1, string? retryOf = null,
        string? instructions = null, Actor? actor = null)
    {
        for (var tries = 0; tries < MaxCasAttempts; tries++)
        {
            var cluster = await clusters.GetAsync(clusterId);
            if (cluster is null)
            {
                return new JobCreation(JobCreationOutcome.ClusterNotFound, null, null, null);
            }
            if (!StatusTransitions.MayStartFix(cluster.Status))
            {
                return new JobCreation(JobCreationOutcome.ClusterBusy, null, null, cluster);
            }

            var jobId = Ids.New();
            var token = NewToken();
            var now = time.GetUtcNow();
            RedisKey[] keys =
            [
                RedisKeys.Cluster(cluster.Id), RedisKeys.ClustersByStatus(cluster.Status), RedisKeys.ClustersByStatus(ClusterStatus.Fixing),
                RedisKeys.Job(jobId), RedisKeys.JobsAll, RedisKeys.ClusterJobs(cluster.Id), RedisKeys.JobsByStatus(JobStatus.Queued),
                RedisKeys.JobsStream, RedisKeys.ClustersByLastSeen, RedisKeys.ClustersByLastSeenOfStatus(cluster.Status),
                RedisKeys.ClustersByLastSeenOfStatus(ClusterStatus.Fixing), RedisKeys.ClusterActivity(cluster.Id),
            ];
            var activity = actor is null ? "" : JsonSerializer.Serialize(
                ClusterActivityLog.Entry(ActivityType.Job, actor, now) with { JobId = jobId, StatusFrom = cluster.Status, StatusTo = ClusterStatus.Fixing },
                ApiJsonContext.Default.ClusterActivity);
            RedisValue[] args =
            [
                cluster.Status.ToRedis(), cluster.Id, jobId, ClusterStatus.Fixing.ToRedis(), now.ToScore(), now.ToRedis(),
                enqueue ? "1" : "0", enqueue ? token : "", traceParent ?? "", activity,
                "id", jobId, "cluster_id", cluster.Id, "status", JobStatus.Queued.ToRedis(), "attempt", attempt, "retry_of", retryOf ?? "",
                "launcher", launcher, "repo_url", repoUrl, "token_hash", HashToken(token),
                "issue_url", cluster.IssueUrl ?? "", "created_at", now.ToRedis(), "updated_at", now.ToRedis(),
                "instructions", instructions ?? "",
            ];

            switch ((string?)await Db.ScriptEvaluateAsync(CreateScript, keys, args))
            {
                case "ok":
                    return new JobCreation(JobCreationOutcome.Created, await GetAsync(jobId), token, await clusters.GetAsync(cluster.Id));
                case "not_found":
                    return new JobCreation(JobCreationOutcome.ClusterNotFound, null, null, null);
            }
        }
        throw new ConcurrentChangeException($"Cluster {clusterId} kept changing under concurrent updates.");
    }

    public async Task<AgentJob?> GetAsync(string id) => ToJob(id, await Db.HashGetAllAsync(RedisKeys.Job(id)));

    public async Task<IReadOnlyList<AgentJob?>> GetManyAsync(IReadOnlyList<string> ids)
    {
        var pending = ids.Select(id => Db.HashGetAllAsync(RedisKeys.Job(id))).ToList();
        var hashes = await Task.WhenAll(pending);
        return [.. ids.Select((id, i) => ToJob(id, hashes[i]))];
    }

    /// <summary>Jobs newest first, optionally of one status.</summary>
    public Task<Page<AgentJob>> ListAsync(JobStatus? status, PageCursor? after, int limit) =>
        SortedSetPager.PageAsync(Db, IndexOf(status), after, limit, GetManyAsync);

    /// <summary>The list a cursor of <see cref="ListAsync"/> pages for this status.</summary>
    public static string ListOf(JobStatus? status) => PageCursor.ListOf(IndexOf(status));

    private static RedisKey IndexOf(JobStatus? status) => status is { } of ? RedisKeys.JobsByStatus(of) : RedisKeys.JobsAll;

    /// <summary>A cluster's jobs, newest first.</summary>
    public Task<Page<AgentJob>> ListForClusterAsync(string clusterId, PageCursor? after, int limit) =>
        SortedSetPager.PageAsync(Db, RedisKeys.ClusterJobs(clusterId), after, limit, GetManyAsync);

    /// <summary>The list a cursor of <see cref="ListForClusterAsync"/> pages.</summary>
    public static string ClusterJobsListOf(string clusterId) => PageCursor.ListOf(RedisKeys.ClusterJobs(clusterId));

    /// <summary>
    /// Records a report on a job: any report is a heartbeat; a status move must be allowed from
    /// the job's status at that moment (and that status be one of <paramref name="onlyFrom"/>, when
    /// given); a job that ends sends its cluster to the status <see cref="StatusTransitions.ClusterAfterJob"/> names,
    /// recorded in the cluster's activity as done by <paramref name="actor"/> (the job's agent unless told).
    /// </summary>
    public async Task<ChangeResult<AgentJob>> ChangeAsync(
        string id, JobChanges changes, IReadOnlyCollection<JobStatus>? onlyFrom = null, Actor? actor = null)
    {
        for (var attempt = 0; attempt < MaxCasAttempts; attempt++)
        {
            // Both reads in one round trip: an agent's report asks whether it was applied already.
            var reading = GetAsync(id);
            var applied = changes.ReportSequence is { } number ? ReportAppliedAsync(id, number) : Task.FromResult(false);
            var current = await reading;
            if (current is null)
            {
                return new ChangeResult<AgentJob>(ChangeOutcome.NotFound, null);
            }
            if (await applied)
            {
                // A retry of an agent's report that was applied (its answer was lost), perhaps the one that
                // ended the job just now: answered as then, before the status rules would refuse it.
                return new ChangeResult<AgentJob>(ChangeOutcome.Changed, current);
            }

            var target = changes.Status ?? current.Status;
            if ((changes.Status is not null && !StatusTransitions.CanMove(current.Status, target))
                || (onlyFrom is not null && !onlyFrom.Contains(current.Status)))
            {
                return new ChangeResult<AgentJob>(ChangeOutcome.Forbidden, current,
                    $"A job that is '{current.Status.ToRedis()}' cannot become '{target.ToRedis()}'.");
            }

            var clusterTarget = current.Status != target
                ? StatusTransitions.ClusterAfterJob(target, hasPullRequest: !string.IsNullOrEmpty(changes.PrUrl ?? current.PrUrl), current.PrState)
                : null;
            var pullRequest = changes.PrUrl is { } reported ? PullRequestRef.FromUrl(reported) : null;
            var logs = changes.Logs ?? [];
            RedisKey[] keys =
            [
                RedisKeys.Job(id), RedisKeys.JobsByStatus(current.Status), RedisKeys.JobsByStatus(target), RedisKeys.JobLogs(id),
                RedisKeys.Cluster(current.ClusterId), RedisKeys.ClustersByStatus(ClusterStatus.Fixing),
                RedisKeys.ClustersByStatus(clusterTarget ?? ClusterStatus.Fixing), RedisKeys.JobsStopping,
                RedisKeys.ClustersByLastSeen, RedisKeys.ClustersByLastSeenOfStatus(ClusterStatus.Fixing),
                RedisKeys.ClustersByLastSeenOfStatus(clusterTarget ?? ClusterStatus.Fixing), RedisKeys.JobsByPullRequest,
                RedisKeys.ClusterActivity(current.ClusterId),
            ];
            var clock = time.GetUtcNow();
            var now = clock.ToRedis();
            var activity = clusterTarget is { } moved
                ? JsonSerializer.Serialize(
                    ClusterActivityLog.Entry(ActivityType.Status, actor ?? Actor.Agent, clock) with
                    {
                        JobId = id, StatusFrom = ClusterStatus.Fixing, StatusTo = moved,
                    },
                    ApiJsonContext.Default.ClusterActivity)
                : "";
            RedisValue[] args =
            [
                current.Status.ToRedis(), target.ToRedis(), id, clusterTarget?.ToRedis() ?? "", current.ClusterId,
                ClusterStatus.Fixing.ToRedis(), now, LogStreamMaxLength, logs.Count,
                pullRequest?.Key ?? "", current.PrState?.ToRedis() ?? "", activity, changes.ReportSequence ?? RedisValue.EmptyString,
                .. logs.Select(line => (RedisValue)Bounded(line)),
                .. ChangedFields(changes, now),
            ];

            var outcome = (string?)await Db.ScriptEvaluateAsync(ChangeScript, keys, args);
            if (outcome?.StartsWith(PullRequestTaken, StringComparison.Ordinal) == true)
            {
                return new ChangeResult<AgentJob>(ChangeOutcome.Conflict, current,
                    $"Pull request {pullRequest} is another job's: job '{outcome[PullRequestTaken.Length..]}' reported it.");
            }
            switch (outcome)
            {
                case "ok":
                    return new ChangeResult<AgentJob>(ChangeOutcome.Changed, await GetAsync(id));
                case "replayed":
                    // Applied the first time it came: answered as then, with the job as it is now.
                    return new ChangeResult<AgentJob>(ChangeOutcome.Changed, current);
                case "not_found":
                    return new ChangeResult<AgentJob>(ChangeOutcome.NotFound, null);
            }
        }
        throw new ConcurrentChangeException($"Job {id} kept changing under concurrent updates.");
    }

    /// <summary>
    /// Fails a job the orchestrator gave up on, with the reason as its error and in its log; only from
    /// <paramref name="onlyFrom"/> when given. False when the job had moved on (a final report won).
    /// </summary>
    public async Task<bool> FailAsync(string id, string reason, IReadOnlyCollection<JobStatus>? onlyFrom = null) =>
        (await ChangeAsync(id, new JobChanges(JobStatus.Failed, Logs: [$"orchestrator: {reason}"], Error: reason), onlyFrom, Actor.Orchestrator)).Outcome
            == ChangeOutcome.Changed;

    /// <summary>Whether an agent's report numbered <paramref name="sequence"/> (or a later one) was applied to the job.</summary>
    public async Task<bool> ReportAppliedAsync(string id, long sequence) =>
        (long?)await Db.HashGetAsync(RedisKeys.Job(id), ReportSequenceField) >= sequence;

    /// <summary>
    /// The jobs <c>stream:jobs</c> holds an entry for, pending or not yet read. Entries leave it once
    /// acknowledged, so it holds only jobs still to be launched, read in pages.
    /// </summary>
    public async Task<IReadOnlySet<string>> QueuedForLaunchAsync()
    {
        const int page = 500;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        RedisValue from = "-";
        while (true)
        {
            var entries = await Db.StreamRangeAsync(RedisKeys.JobsStream, from, "+", page);
            foreach (var entry in entries)
            {
                if (entry[QueueEntries.JobIdField] is { IsNullOrEmpty: false } jobId)
                {
                    ids.Add(jobId.ToString());
                }
            }
            if (entries.Length < page)
            {
                return ids;
            }
            from = "(" + entries[^1].Id;
        }
    }

    /// <summary>How many launches of the job's attempt the launcher refused outright, starting nothing (<see cref="CountLaunchRefusalAsync"/>).</summary>
    public async Task<int> LaunchRefusalsAsync(string id) =>
        (int?)await Db.HashGetAsync(RedisKeys.Job(id), LaunchRefusalsField) ?? 0;

    /// <summary>
    /// Counts the refusal of request <paramref name="refusedRequest"/> (the count it was sent under), so
    /// the next try is a new request to the launcher. Counted only after the refusal was answered: a
    /// launch whose answer was lost is tried again as the same request and finds what it started. And
    /// only from that count: two launches of one entry refused the same request count it once, so
    /// neither skips a request the other may since have started a task with.
    /// </summary>
    public Task CountLaunchRefusalAsync(string id, int refusedRequest) =>
        Db.ScriptEvaluateAsync(CountRefusalScript, [RedisKeys.Job(id)], [refusedRequest]);

    /// <summary>Whether <paramref name="token"/> is this job's own token (constant-time).</summary>
    public async Task<bool> VerifyTokenAsync(string id, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }
        var stored = await Db.HashGetAsync(RedisKeys.Job(id), "token_hash");
        return !stored.IsNullOrEmpty && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(stored.ToString()), Encoding.ASCII.GetBytes(HashToken(token)));
    }

    /// <summary>Log lines after <paramref name="afterId"/> (a stream id; null from the start).</summary>
    public async Task<IReadOnlyList<JobLogLine>> GetLogsAsync(string id, string? afterId, int count)
    {
        var start = afterId is null ? "-" : "(" + afterId;
        var entries = await Db.StreamRangeAsync(RedisKeys.JobLogs(id), start, "+", count);
        return [.. entries.Select(e => new JobLogLine(e.Id!, StreamIdTime(e.Id!), e["line"].ToString()))];
    }

    /// <summary>Notes an ended job whose task must be stopped (one recorded after the job ended).</summary>
    public Task StopLaterAsync(string id) => Db.SetAddAsync(RedisKeys.JobsStopping, id);

    /// <summary>Ids of cancelled or failed jobs whose agent task may still need stopping.</summary>
    public async Task<IReadOnlyList<string>> GetStoppingAsync() =>
        [.. (await Db.SetMembersAsync(RedisKeys.JobsStopping)).Select(id => id.ToString())];

    /// <summary>
    /// Forgets an ended job once the task the orchestrator read for it, <paramref name="stoppedTaskRef"/>
    /// (null: it had none yet), was stopped; only while the job still records that task. A task recorded
    /// meanwhile, by a launch that ended just as the job did, keeps the job noted for the next pass,
    /// which stops that task: else it would run on, unstopped.
    /// </summary>
    public async Task<bool> StoppedAsync(string id, string? stoppedTaskRef) =>
        (long)await Db.ScriptEvaluateAsync(StoppedScript, [RedisKeys.Job(id), RedisKeys.JobsStopping], [stoppedTaskRef ?? "", id]) == 1;

    public async Task<IReadOnlyDictionary<JobStatus, long>> CountByStatusAsync()
    {
        var counts = Enum.GetValues<JobStatus>()
            .Select(status => (status, count: Db.SortedSetLengthAsync(RedisKeys.JobsByStatus(status))))
            .ToList();
        await Task.WhenAll(counts.Select(c => c.count));
        return counts.ToDictionary(c => c.status, c => c.count.Result);
    }

    private static RedisValue[] ChangedFields(JobChanges changes, string now)
    {
        var fields = new List<RedisValue> { "updated_at", now, "heartbeat_at", now };
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                fields.Add(name);
                fields.Add(value);
            }
        }
        Add("pr_url", changes.PrUrl);
        Add("error", changes.Error);
        Add("note", changes.Note);
        Add("task_ref", changes.TaskRef);
        Add("issue_url", changes.IssueUrl);
        Add(ReportSequenceField, changes.ReportSequence?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return [.. fields];
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static DateTimeOffset StreamIdTime(string streamId) =>
        long.TryParse(streamId.AsSpan(0, streamId.IndexOf('-') is var dash and > 0 ? dash : streamId.Length), out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UnixEpoch;

    internal static AgentJob? ToJob(string id, HashEntry[] hash)
    {
        var fields = new HashFields(hash);
        if (fields.IsEmpty)
        {
            return null;
        }

        return new AgentJob
        {
            Id = id,
            ClusterId = fields["cluster_id"].ToString(),
            Status = RedisValues.ParseEnum(fields["status"], JobStatus.Queued),
            Attempt = fields["attempt"].TryParse(out int attempt) ? attempt : 1,
            Launcher = fields["launcher"].ToString(),
            RepoUrl = fields["repo_url"].ToString(),
            TaskRef = RedisValues.OptionalString(fields["task_ref"]),
            IssueUrl = RedisValues.OptionalString(fields["issue_url"]),
            PrUrl = RedisValues.OptionalString(fields["pr_url"]),
            PrState = RedisValues.TryParse<PullRequestState>(fields["pr_state"], out var prState) ? prState : null,
            Error = RedisValues.OptionalString(fields["error"]),
            Note = RedisValues.OptionalString(fields["note"]),
            CreatedAt = RedisValues.ParseTime(fields["created_at"]),
            UpdatedAt = RedisValues.ParseTime(fields["updated_at"]),
            HeartbeatAt = RedisValues.ParseOptionalTime(fields["heartbeat_at"]),
            RetryOf = RedisValues.OptionalString(fields["retry_of"]),
            Instructions = RedisValues.OptionalString(fields["instructions"]),
        };
    }
}

using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>Clusters: reads with their items, edits under the status rules, counts by status.</summary>
public sealed class ClusterStore(IConnectionMultiplexer redis, FeedbackStore feedback, TimeProvider time)
{
    /// <summary>Set when a person edits the title or summary, so generated labels no longer replace them.</summary>
    public const string LabelledByField = "labelled_by";

    private const int TitlesPerScript = 1_000;

    // ARGV: id, size, status, last_seen score ('' when none), first_seen score ('' when none), trend key,
    // field count, fields..., day field count, day fields..., item ids...; KEYS[12] clustering:version,
    // KEYS[13..]: the items' hashes. A membership change like any other, so it bumps the version: a
    // membership writer that placed these items meanwhile has its commit refused and decides again.
    private const string CreateScript = """
        local id, size, status, seen, first, trend = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
        local nfields = tonumber(ARGV[7])
        local ndays = tonumber(ARGV[8 + nfields])
        local items = 9 + nfields + ndays
        redis.call('HSET', KEYS[1], unpack(ARGV, 8, 7 + nfields))
        redis.call('SADD', KEYS[2], id)
        redis.call('ZADD', KEYS[3], size, id)
        redis.call('ZADD', KEYS[4], size, id)
        if seen ~= '' then
          redis.call('ZADD', KEYS[7], seen, id)
          redis.call('ZADD', KEYS[8], seen, id)
        end
        if first ~= '' then redis.call('ZADD', KEYS[9], first, id) end
        if ndays > 0 then redis.call('HSET', KEYS[10], unpack(ARGV, 9 + nfields, 8 + nfields + ndays)) end
        redis.call('ZADD', KEYS[11], trend, id)
        for i = items, #ARGV do
          redis.call('SADD', KEYS[5], ARGV[i])
          redis.call('SREM', KEYS[6], ARGV[i])
        end
        for i = 13, #KEYS do
          redis.call('HSET', KEYS[i], 'cluster_id', id)
        end
        redis.call('INCR', KEYS[12])
        return 1
        """;

    // The status rule is checked against the status the cluster has inside the script, so
    // concurrent edits never race (a compare-and-set retry loop could starve under many writers).
    // KEYS[1] the cluster, then the n status indexes by size, clusters:by_last_seen, the n status
    // indexes by last_seen, and the cluster's activity. ARGV: statuses the cluster may be in for this
    // change (space-separated), the new status ('' keeps it), id, the n status names in the order of
    // the indexes, who acts ('' records nothing), through which key, the time, the job the change is
    // about ('' for none), then the fields.
    private static readonly string ChangeScript = $$"""
        local current = redis.call('HGET', KEYS[1], 'status')
        if not current then return 'not_found' end
        if not string.find(' ' .. ARGV[1] .. ' ', ' ' .. current .. ' ', 1, true) then return 'forbidden' end
        local target = ARGV[2]
        if target == '' then target = current end
        local nstatus = (#KEYS - 3) / 2
        if target ~= current then
          local size = redis.call('HGET', KEYS[1], 'size') or 0
          local seen = redis.call('ZSCORE', KEYS[2 + nstatus], ARGV[3])
          for i = 1, nstatus do
            if ARGV[3 + i] == target then
              redis.call('ZADD', KEYS[1 + i], size, ARGV[3])
              if seen then redis.call('ZADD', KEYS[2 + nstatus + i], seen, ARGV[3]) end
            else
              redis.call('ZREM', KEYS[1 + i], ARGV[3])
              redis.call('ZREM', KEYS[2 + nstatus + i], ARGV[3])
            end
          end
          local by = ARGV[4 + nstatus]
          if by ~= '' then
            local entry = {at = ARGV[6 + nstatus], type = 'status', by = by, status_from = current, status_to = target}
            if ARGV[5 + nstatus] ~= '' then entry.via = ARGV[5 + nstatus] end
            if ARGV[7 + nstatus] ~= '' then entry.job_id = ARGV[7 + nstatus] end
            redis.call('LPUSH', KEYS[#KEYS], cjson.encode(entry))
            redis.call('LTRIM', KEYS[#KEYS], 0, {{ClusterActivityLog.Capacity - 1}})
          end
        end
        redis.call('HSET', KEYS[1], 'status', target, unpack(ARGV, 8 + nstatus))
        return 'ok'
        """;

    // The titles of the clusters KEYS, in order ('' for one that is gone): one command and one
    // answer for thousands of titles, where as many HGETs cost the client a task each.
    private const string TitlesScript = """
        local titles = {}
        for i, key in ipairs(KEYS) do
          titles[i] = redis.call('HGET', key, 'title') or ''
        end
        return titles
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<IssueCluster> CreateAsync(NewCluster cluster)
    {
        var id = Ids.New();
        var now = time.GetUtcNow().ToRedis();
        var readFacts = ItemFacts.Queue(Db, cluster.ItemIds);
        var facts = await readFacts();
        var members = cluster.ItemIds.Distinct(StringComparer.Ordinal).Select(itemId => facts[itemId]).ToList();
        var stats = ClusterStats.Of(members);
        var daily = ClusterDailyCounts.Of(
            members.Where(m => m.CreatedMs is not null).Select(m => DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedMs!.Value)), time.GetUtcNow());
        RedisValue[] days = [.. daily.ToFields().SelectMany(f => new[] { f.Name, f.Value })];
        RedisValue[] fields =
        [
            "id", id, "title", cluster.Title, "summary", cluster.Summary, "status", ClusterStatus.New.ToRedis(),
            "created_at", now, "updated_at", now, "size", cluster.ItemIds.Count,
            "github_repo_url", cluster.GithubRepoUrl ?? "", .. stats.ToFieldValues(),
        ];
        RedisKey[] keys =
        [
            RedisKeys.Cluster(id), RedisKeys.ClustersAll, RedisKeys.ClustersBySize, RedisKeys.ClustersByStatus(ClusterStatus.New),
            RedisKeys.ClusterItems(id), RedisKeys.FeedbackUnclustered,
            RedisKeys.ClustersByLastSeen, RedisKeys.ClustersByLastSeenOfStatus(ClusterStatus.New),
            RedisKeys.ClustersByFirstSeen, RedisKeys.ClusterDaily(id), RedisKeys.ClustersByTrend, RedisKeys.ClusteringVersion,
            .. cluster.ItemIds.Select(RedisKeys.Feedback),
        ];
        RedisValue[] args =
        [
            id, cluster.ItemIds.Count, ClusterStatus.New.ToRedis(), stats.LastSeenMs is { } seen ? (RedisValue)seen : "",
            stats.FirstSeenMs is { } first ? (RedisValue)first : "", daily.TrendKey,
            fields.Length, .. fields, days.Length, .. days,
            .. cluster.ItemIds.Select(itemId => (RedisValue)itemId),
        ];
        await Db.ScriptEvaluateAsync(CreateScript, keys, args);
        return (await GetAsync(id))!;
    }

    /// <summary>A cluster by id; an id that was merged away resolves to the cluster that absorbed it.</summary>
    public async Task<IssueCluster?> GetAsync(string id)
    {
        if ((await GetManyAsync([id]))[0] is { } cluster)
        {
            return cluster;
        }
        return await MergedClusters.ResolveAsync(Db, id) is { } survivor && survivor != id ? (await GetManyAsync([survivor]))[0] : null;
    }

    /// <summary>Many clusters in one pipelined round trip, in the order asked; missing ones are null.</summary>
    public async Task<IReadOnlyList<IssueCluster?>> GetManyAsync(IReadOnlyList<string> ids)
    {
        var pending = ids.Select(id => Db.HashGetAllAsync(RedisKeys.Cluster(id))).ToList();
        var days = ids.Select(id => Db.HashGetAllAsync(RedisKeys.ClusterDaily(id))).ToList();
        var hashes = await Task.WhenAll(pending);
        var dailyHashes = await Task.WhenAll(days);
        var now = time.GetUtcNow();
        return [.. ids.Select((id, i) => ToCluster(id, hashes[i], ClusterDailyCounts.FromHash(dailyHashes[i]), now))];
    }

    /// <summary>Clusters largest first, optionally of one status.</summary>
    public Task<Page<IssueCluster>> ListAsync(ClusterStatus? status, PageCursor? after, int limit) =>
        ListAsync(new ClusterQuery(status, After: after, Limit: limit));

    /// <summary>
    /// A page of clusters, keyset-paged over the index of the sort (and status, for size and last_seen):
    /// by size, a minimum size is a range of the index; a title filter, a minimum size under another
    /// order, or a status under the trend and first_seen orders (one index each, for all statuses) is
    /// judged from one pipelined read per chunk of ids (titles, sizes from <c>clusters:by_size</c>,
    /// membership of <c>clusters:status:{status}</c>), so a page costs a constant number of round trips.
    /// </summary>
    public Task<Page<IssueCluster>> ListAsync(ClusterQuery query)
    {
        var (index, statusToCheck) = IndexOf(query.Sort, query.Status);
        var bySize = query.Sort == ClusterSort.Size;
        var minScore = bySize && query.MinSize is { } min ? min : double.NegativeInfinity;
        var sizeToCheck = bySize ? null : query.MinSize;
        if (query.TitleContains is null && sizeToCheck is null && statusToCheck is null)
        {
            return SortedSetPager.PageAsync(Db, index, query.After, query.Limit, GetManyAsync, minScore: minScore);
        }
        return SortedSetPager.PageMatchingAsync(Db, index, query.After, query.Limit, minScore,
            ids => MatchAsync(ids, query.TitleContains, sizeToCheck, statusToCheck), GetManyAsync);
    }

    /// <summary>The list a cursor of <see cref="ListAsync(ClusterQuery)"/> pages for this sort and status.</summary>
    public static string ListOf(ClusterSort sort, ClusterStatus? status) => PageCursor.ListOf(IndexOf(sort, status).Index);

    /// <summary>The index of a sort and status, and the status still to check on read (one index serves every status).</summary>
    private static (RedisKey Index, ClusterStatus? StatusToCheck) IndexOf(ClusterSort sort, ClusterStatus? status) => (sort, status) switch
    {
        (ClusterSort.Trend, _) => (RedisKeys.ClustersByTrend, status),
        (ClusterSort.FirstSeen, _) => (RedisKeys.ClustersByFirstSeen, status),
        (ClusterSort.LastSeen, { } of) => (RedisKeys.ClustersByLastSeenOfStatus(of), null),
        (ClusterSort.LastSeen, null) => (RedisKeys.ClustersByLastSeen, null),
        (_, { } of) => (RedisKeys.ClustersByStatus(of), null),
        _ => (RedisKeys.ClustersBySize, null),
    };

    /// <summary>The list a cursor of <see cref="GetItemsAsync"/> pages.</summary>
    public static string ItemsListOf(string clusterId) => PageCursor.ListOf(RedisKeys.ClusterItems(clusterId));

    /// <summary>A cluster's items, newest first.</summary>
    public async Task<Page<FeedbackItem>> GetItemsAsync(string clusterId, PageCursor? after, int limit)
    {
        var members = (await Db.SetMembersAsync(RedisKeys.ClusterItems(clusterId))).Select(m => m.ToString()).ToArray();
        var scores = members.Length == 0 ? [] : await Db.SortedSetScoresAsync(RedisKeys.FeedbackAll, [.. members.Select(m => (RedisValue)m)]);
        var ordered = members
            .Select((id, i) => new PageCursor(scores[i] ?? 0, id))
            .OrderByDescending(c => c.Score)
            .ThenByDescending(c => c.Id, StringComparer.Ordinal)
            .SkipWhile(c => after is not null && (c.Score > after.Score || (c.Score == after.Score && string.CompareOrdinal(c.Id, after.Id) >= 0)))
            .Take(limit + 1)
            .ToList();

        var page = ordered.Take(limit).ToList();
        var items = await feedback.GetManyAsync([.. page.Select(c => c.Id)]);
        var next = ordered.Count > limit ? (page[^1] with { List = ItemsListOf(clusterId) }).ToString() : null;
        return new Page<FeedbackItem>([.. items.OfType<FeedbackItem>()], next);
    }

    /// <summary>
    /// Edits a cluster; a status change is allowed by <paramref name="mayMove"/> from the status the
    /// cluster has at that moment and, when <paramref name="actor"/> is given, recorded in the cluster's
    /// activity in the same script (with <paramref name="jobId"/>, the job the change follows, when given).
    /// </summary>
    public async Task<ChangeResult<IssueCluster>> ChangeAsync(
        string id, ClusterChanges changes, Func<ClusterStatus, ClusterStatus, bool> mayMove, Actor? actor = null, string? jobId = null,
        bool followMerged = true)
    {
        var current = await GetAsync(id);
        if (current is null)
        {
            return new ChangeResult<IssueCluster>(ChangeOutcome.NotFound, null);
        }
        if (!followMerged && current.Id != id)
        {
            return new ChangeResult<IssueCluster>(ChangeOutcome.MergedAway, current);
        }

        var statuses = Enum.GetValues<ClusterStatus>();
        var allowedFrom = statuses.Where(from => mayMove(from, changes.Status ?? from)).Select(from => from.ToRedis());
        var result = (string?)await Db.ScriptEvaluateAsync(ChangeScript,
            [
                RedisKeys.Cluster(current.Id), .. statuses.Select(RedisKeys.ClustersByStatus),
                RedisKeys.ClustersByLastSeen, .. statuses.Select(RedisKeys.ClustersByLastSeenOfStatus), RedisKeys.ClusterActivity(current.Id),
            ],
            [
                string.Join(' ', allowedFrom), changes.Status?.ToRedis() ?? "", current.Id,
                .. statuses.Select(status => (RedisValue)status.ToRedis()),
                actor?.By ?? "", actor?.Via ?? "", time.GetUtcNow().ToRedis(), jobId ?? "", .. ChangedFields(changes),
            ]);
        switch (result)
        {
            case "ok":
                return new ChangeResult<IssueCluster>(ChangeOutcome.Changed, await GetAsync(current.Id));
            case "forbidden":
                var now = await GetAsync(current.Id) ?? current;
                return new ChangeResult<IssueCluster>(ChangeOutcome.Forbidden, now,
                    $"A cluster that is '{now.Status.ToRedis()}' cannot become '{(changes.Status ?? now.Status).ToRedis()}'.");
            default:
                return new ChangeResult<IssueCluster>(ChangeOutcome.NotFound, null);
        }
    }

    public async Task<IReadOnlyDictionary<ClusterStatus, long>> CountByStatusAsync()
    {
        var counts = Enum.GetValues<ClusterStatus>()
            .Select(status => (status, count: Db.SortedSetLengthAsync(RedisKeys.ClustersByStatus(status))))
            .ToList();
        await Task.WhenAll(counts.Select(c => c.count));
        return counts.ToDictionary(c => c.status, c => c.count.Result);
    }

    /// <summary>
    /// Whether each cluster's title holds <paramref name="titleContains"/> (ignoring case), its size is at
    /// least <paramref name="minSize"/> and its status is <paramref name="status"/> (each when given).
    /// </summary>
    private async Task<bool[]> MatchAsync(IReadOnlyList<string> ids, string? titleContains, long? minSize, ClusterStatus? status = null)
    {
        var sizes = minSize is null ? null : Db.SortedSetScoresAsync(RedisKeys.ClustersBySize, [.. ids.Select(id => (RedisValue)id)]);
        var ofStatus = status is not { } wanted ? null : Db.SortedSetScoresAsync(RedisKeys.ClustersByStatus(wanted), [.. ids.Select(id => (RedisValue)id)]);
        // Scripts of at most TitlesPerScript keys, all in the one Db: Redis serves other clients
        // between them instead of being held by one long script.
        var titles = titleContains is null ? null : ids.Chunk(TitlesPerScript)
            .Select(chunk => Db.ScriptEvaluateAsync(TitlesScript, [.. chunk.Select(RedisKeys.Cluster)])).ToList();
        var size = sizes is null ? null : await sizes;
        var inStatus = ofStatus is null ? null : await ofStatus;
        var title = titles is null ? null : (await Task.WhenAll(titles)).SelectMany(t => (RedisValue[])t!).ToArray();
        return [.. ids.Select((_, i) =>
            (size is null || size[i] >= minSize) &&
            (inStatus is null || inStatus[i] is not null) &&
            (title is null || title[i].ToString().Contains(titleContains!, StringComparison.OrdinalIgnoreCase)))];
    }

    private RedisValue[] ChangedFields(ClusterChanges changes)
    {
        var fields = new List<RedisValue> { "updated_at", time.GetUtcNow().ToRedis() };
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                fields.Add(name);
                fields.Add(value);
            }
        }
        Add("title", changes.Title);
        Add("summary", changes.Summary);
        Add(LabelledByField, changes.Title is not null || changes.Summary is not null ? "person" : null);
        Add("github_repo_url", changes.GithubRepoUrl);
        Add("issue_title", changes.IssueTitle);
        Add("issue_description", changes.IssueDescription);
        Add("issue_url", changes.IssueUrl);
        return [.. fields];
    }

    internal static IssueCluster? ToCluster(string id, HashEntry[] hash, ClusterDailyCounts daily, DateTimeOffset now)
    {
        var fields = new HashFields(hash);
        if (fields.IsEmpty)
        {
            return null;
        }

        var (sources, firstSeen, lastSeen) = ClusterStats.Read(hash);
        var series = ClusterTrend.Series(daily.Counts, now);
        return new IssueCluster
        {
            Id = id,
            Title = fields["title"].ToString(),
            Summary = fields["summary"].ToString(),
            Status = RedisValues.ParseEnum(fields["status"], ClusterStatus.New),
            CreatedAt = RedisValues.ParseTime(fields["created_at"]),
            UpdatedAt = RedisValues.ParseTime(fields["updated_at"]),
            Size = fields["size"].TryParse(out long size) ? size : 0,
            GithubRepoUrl = RedisValues.OptionalString(fields["github_repo_url"]),
            IssueTitle = RedisValues.OptionalString(fields["issue_title"]),
            IssueDescription = RedisValues.OptionalString(fields["issue_description"]),
            IssueUrl = RedisValues.OptionalString(fields["issue_url"]),
            ActiveJobId = RedisValues.OptionalString(fields["active_job_id"]),
            Sources = sources,
            FirstSeen = firstSeen,
            LastSeen = lastSeen,
            Trend = ClusterTrend.Score(daily.TrendKey, now),
            Escalating = ClusterTrend.IsEscalating(series),
            DailyCounts = new DailyCounts(series),
        };
    }
}

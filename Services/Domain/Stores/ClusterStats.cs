using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// What a cluster keeps about its reports besides their ids: how many came from each source and the
/// earliest and latest <c>created_at</c>. In Redis: fields <c>source_count:{source}</c>, <c>first_seen</c> and
/// <c>last_seen</c> (ISO-8601) of <c>cluster:{id}</c>, <c>last_seen</c> in Unix ms as the cluster's score in
/// <c>clusters:by_last_seen</c> and <c>clusters:by_last_seen:{status}</c>, and <c>first_seen</c> in
/// <c>clusters:by_first_seen</c>. A cluster without <c>last_seen</c>
/// but with members has not been counted yet (it was written before the counts existed).
/// </summary>
internal sealed record ClusterStats(IReadOnlyDictionary<FeedbackSource, long> Sources, long? FirstSeenMs, long? LastSeenMs)
{
    public const string SourceCountPrefix = "source_count:";
    public const string FirstSeenField = "first_seen";
    public const string LastSeenField = "last_seen";

    private static readonly FeedbackSource[] AllSources = Enum.GetValues<FeedbackSource>();

    public static ClusterStats Empty { get; } = new(new Dictionary<FeedbackSource, long>(), null, null);

    /// <summary>The fields <see cref="FromFields"/> reads, in its order.</summary>
    public static RedisValue[] Fields { get; } =
        [FirstSeenField, LastSeenField, .. AllSources.Select(source => (RedisValue)SourceCountField(source))];

    public static string SourceCountField(FeedbackSource source) => SourceCountPrefix + source.ToRedis();

    /// <summary>The counts of a cluster whose members are <paramref name="items"/>.</summary>
    public static ClusterStats Of(IEnumerable<ItemFacts> items)
    {
        var list = items.ToList();
        var created = list.Where(i => i.CreatedMs is not null).Select(i => i.CreatedMs!.Value).ToList();
        return new ClusterStats(
            list.Where(i => i.Source is not null).GroupBy(i => i.Source!.Value).ToDictionary(g => g.Key, g => (long)g.Count()),
            created.Count == 0 ? null : created.Min(),
            created.Count == 0 ? null : created.Max());
    }

    /// <summary>The stored counts, read as <see cref="Fields"/>; null when the cluster has not been counted.</summary>
    public static ClusterStats? FromFields(RedisValue[] values)
    {
        if (values[1].IsNullOrEmpty)
        {
            return null;
        }
        var sources = new Dictionary<FeedbackSource, long>();
        for (var i = 0; i < AllSources.Length; i++)
        {
            if (values[2 + i].TryParse(out long count) && count > 0)
            {
                sources[AllSources[i]] = count;
            }
        }
        return new ClusterStats(sources, Ms(values[0]), Ms(values[1]));
    }

    /// <summary>The counts as the contract shows them, from a cluster's hash; empty and null where not counted.</summary>
    public static (SourceCounts Sources, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen) Read(HashEntry[] hash)
    {
        var sources = new List<KeyValuePair<string, long>>();
        RedisValue first = RedisValue.Null, last = RedisValue.Null;
        foreach (var entry in hash)
        {
            var name = entry.Name.ToString();
            if (name.StartsWith(SourceCountPrefix, StringComparison.Ordinal))
            {
                if (entry.Value.TryParse(out long count) && count > 0)
                {
                    sources.Add(new(name[SourceCountPrefix.Length..], count));
                }
            }
            else if (name == FirstSeenField)
            {
                first = entry.Value;
            }
            else if (name == LastSeenField)
            {
                last = entry.Value;
            }
        }
        return (sources.Count == 0 ? SourceCounts.Empty : new SourceCounts(sources),
            RedisValues.ParseOptionalTime(first), RedisValues.ParseOptionalTime(last));
    }

    /// <summary>Whether taking <paramref name="removed"/> away takes the earliest or the latest report.</summary>
    public bool LosesEnd(IEnumerable<ItemFacts> removed) =>
        removed.Any(item => item.CreatedMs is { } ms && (ms <= FirstSeenMs || ms >= LastSeenMs));

    /// <summary>These counts with <paramref name="added"/> counted and <paramref name="removed"/> taken away; the range unchanged.</summary>
    public ClusterStats WithSources(IEnumerable<ItemFacts> added, IEnumerable<ItemFacts> removed)
    {
        var sources = new Dictionary<FeedbackSource, long>(Sources);
        foreach (var item in added.Where(i => i.Source is not null))
        {
            sources[item.Source!.Value] = sources.GetValueOrDefault(item.Source!.Value) + 1;
        }
        foreach (var item in removed.Where(i => i.Source is not null))
        {
            sources[item.Source!.Value] = Math.Max(0, sources.GetValueOrDefault(item.Source!.Value) - 1);
        }
        return this with { Sources = sources };
    }

    /// <summary>The range widened to take in <paramref name="added"/>.</summary>
    public ClusterStats Widened(IEnumerable<ItemFacts> added)
    {
        var (first, last) = (FirstSeenMs, LastSeenMs);
        foreach (var ms in added.Where(i => i.CreatedMs is not null).Select(i => i.CreatedMs!.Value))
        {
            first = first is null || ms < first ? ms : first;
            last = last is null || ms > last ? ms : last;
        }
        return this with { FirstSeenMs = first, LastSeenMs = last };
    }

    /// <summary>
    /// Queues the writes of these counts for cluster <paramref name="clusterId"/> of <paramref name="status"/>
    /// (in a transaction): fields set or removed, and its place in the first_seen and last_seen indexes.
    /// </summary>
    public void WriteTo(IDatabaseAsync db, string clusterId, ClusterStatus status)
    {
        var set = new List<HashEntry>();
        var remove = new List<RedisValue>();
        foreach (var source in AllSources)
        {
            var count = Sources.GetValueOrDefault(source);
            if (count > 0)
            {
                set.Add(new HashEntry(SourceCountField(source), count));
            }
            else
            {
                remove.Add(SourceCountField(source));
            }
        }
        void Time(string field, long? ms)
        {
            if (ms is { } value)
            {
                set.Add(new HashEntry(field, DateTimeOffset.FromUnixTimeMilliseconds(value).ToRedis()));
            }
            else
            {
                remove.Add(field);
            }
        }
        Time(FirstSeenField, FirstSeenMs);
        Time(LastSeenField, LastSeenMs);

        var key = RedisKeys.Cluster(clusterId);
        if (set.Count > 0)
        {
            _ = db.HashSetAsync(key, [.. set]);
        }
        if (remove.Count > 0)
        {
            _ = db.HashDeleteAsync(key, [.. remove]);
        }
        if (FirstSeenMs is { } firstSeen)
        {
            _ = db.SortedSetAddAsync(RedisKeys.ClustersByFirstSeen, clusterId, firstSeen);
        }
        else
        {
            _ = db.SortedSetRemoveAsync(RedisKeys.ClustersByFirstSeen, clusterId);
        }
        if (LastSeenMs is { } lastSeen)
        {
            _ = db.SortedSetAddAsync(RedisKeys.ClustersByLastSeen, clusterId, lastSeen);
            _ = db.SortedSetAddAsync(RedisKeys.ClustersByLastSeenOfStatus(status), clusterId, lastSeen);
        }
        else
        {
            _ = db.SortedSetRemoveAsync(RedisKeys.ClustersByLastSeen, clusterId);
            _ = db.SortedSetRemoveAsync(RedisKeys.ClustersByLastSeenOfStatus(status), clusterId);
        }
    }

    /// <summary>The hash fields of these counts, for a script that writes a whole cluster.</summary>
    public IEnumerable<RedisValue> ToFieldValues()
    {
        foreach (var (source, count) in Sources.Where(s => s.Value > 0).OrderBy(s => s.Key))
        {
            yield return SourceCountField(source);
            yield return count;
        }
        if (FirstSeenMs is { } first)
        {
            yield return FirstSeenField;
            yield return DateTimeOffset.FromUnixTimeMilliseconds(first).ToRedis();
        }
        if (LastSeenMs is { } last)
        {
            yield return LastSeenField;
            yield return DateTimeOffset.FromUnixTimeMilliseconds(last).ToRedis();
        }
    }

    private static long? Ms(RedisValue value) => value.IsNullOrEmpty ? null : RedisValues.ParseTime(value).ToUnixTimeMilliseconds();
}

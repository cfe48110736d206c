using System.Globalization;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// A cluster's reports per UTC day of their <c>created_at</c> over the last <see cref="ClusterTrend.WindowDays"/>
/// days, and its place in <c>clusters:by_trend</c>. In Redis: <c>cluster:daily:{id}</c>, a hash of
/// <c>yyyy-MM-dd</c> to a count above 0, holding no day older than the window at its last write; its
/// <see cref="ClusterTrend.Key"/> is the cluster's score in <c>clusters:by_trend</c>, where every counted
/// cluster has an entry (0 when nothing is counted).
/// </summary>
/// <remarks>
/// Every change of membership goes through <see cref="Adjusted"/> and <see cref="WriteTo"/> in the
/// transaction that changes the members, read beforehand under the same fence as the members: the
/// one rule for counting, whoever moves reports (the clustering worker's commits now, a person's
/// merge, move or delete the same way).
/// </remarks>
public sealed class ClusterDailyCounts
{
    private const string DayFormat = "yyyy-MM-dd";

    private readonly SortedDictionary<DateOnly, long> _counts;

    private ClusterDailyCounts(SortedDictionary<DateOnly, long> counts) => _counts = counts;

    public static ClusterDailyCounts Empty => new([]);

    public IReadOnlyDictionary<DateOnly, long> Counts => _counts;

    /// <summary>The order key the cluster has in <c>clusters:by_trend</c>.</summary>
    public double TrendKey => ClusterTrend.Key(_counts);

    /// <summary>The counts of a cluster whose reports were created at <paramref name="createdAt"/>, as of <paramref name="now"/>.</summary>
    public static ClusterDailyCounts Of(IEnumerable<DateTimeOffset> createdAt, DateTimeOffset now) => Empty.Adjusted(createdAt, [], now);

    /// <summary>The counts stored in a <c>cluster:daily:{id}</c> hash (fields that are not a day are skipped).</summary>
    public static ClusterDailyCounts FromHash(HashEntry[] hash)
    {
        var counts = new SortedDictionary<DateOnly, long>();
        foreach (var entry in hash)
        {
            if (DateOnly.TryParseExact(entry.Name.ToString(), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) &&
                entry.Value.TryParse(out long count) && count > 0)
            {
                counts[day] = count;
            }
        }
        return new ClusterDailyCounts(counts);
    }

    /// <summary>
    /// These counts after the reports created at <paramref name="added"/> joined and those created at
    /// <paramref name="removed"/> left, at <paramref name="now"/>: each report on the day
    /// <see cref="ClusterTrend.CountedDay"/> gives (none when older than the window), a day never below 0,
    /// and days older than the window dropped.
    /// </summary>
    public ClusterDailyCounts Adjusted(IEnumerable<DateTimeOffset> added, IEnumerable<DateTimeOffset> removed, DateTimeOffset now)
    {
        var first = ClusterTrend.FirstCountedDay(now);
        var counts = new SortedDictionary<DateOnly, long>(_counts.Where(c => c.Key >= first).ToDictionary(c => c.Key, c => c.Value));
        foreach (var day in added.Select(time => ClusterTrend.CountedDay(time, now)).OfType<DateOnly>())
        {
            counts[day] = counts.GetValueOrDefault(day) + 1;
        }
        foreach (var day in removed.Select(time => ClusterTrend.CountedDay(time, now)).OfType<DateOnly>())
        {
            if (counts.TryGetValue(day, out var count))
            {
                if (count > 1)
                {
                    counts[day] = count - 1;
                }
                else
                {
                    counts.Remove(day);
                }
            }
        }
        return new ClusterDailyCounts(counts);
    }

    /// <summary>Queues the reads a commit needs of <paramref name="clusterId"/>: its stored counts, and whether it has been counted at all.</summary>
    public static (Task<HashEntry[]> Counts, Task<double?> Key) Queue(IDatabaseAsync db, string clusterId) =>
        (db.HashGetAllAsync(RedisKeys.ClusterDaily(clusterId)), db.SortedSetScoreAsync(RedisKeys.ClustersByTrend, clusterId));

    /// <summary>Queues the writes of these counts for <paramref name="clusterId"/> (in a transaction): the hash replaced, the trend index entry set.</summary>
    public void WriteTo(IDatabaseAsync db, string clusterId)
    {
        var key = RedisKeys.ClusterDaily(clusterId);
        _ = db.KeyDeleteAsync(key);
        if (_counts.Count > 0)
        {
            _ = db.HashSetAsync(key, [.. ToFields()]);
        }
        _ = db.SortedSetAddAsync(RedisKeys.ClustersByTrend, clusterId, TrendKey);
    }

    /// <summary>Queues the removal of a cluster's counts and trend entry, for a cluster that is gone.</summary>
    public static void RemoveFrom(IDatabaseAsync db, string clusterId)
    {
        _ = db.KeyDeleteAsync(RedisKeys.ClusterDaily(clusterId));
        _ = db.SortedSetRemoveAsync(RedisKeys.ClustersByTrend, clusterId);
    }

    /// <summary>The hash fields (day, count) of these counts, for a script that writes them.</summary>
    public IEnumerable<HashEntry> ToFields() =>
        _counts.Select(c => new HashEntry(c.Key.ToString(DayFormat, CultureInfo.InvariantCulture), c.Value));
}

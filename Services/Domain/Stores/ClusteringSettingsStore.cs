using System.Globalization;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// <c>config:clustering</c>: the clustering worker's thresholds as set at run time, one field per value,
/// so every replica and a restarted worker read the same; the worker reads them at each batch.
/// </summary>
public sealed class ClusteringSettingsStore(IConnectionMultiplexer redis, TimeProvider time)
{
    public const string StoredSource = "stored";

    private const string UpdatedAtField = "updated_at";

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The stored values with their version and time; null while none were ever set.</summary>
    public async Task<ClusteringSettings?> GetAsync()
    {
        var fields = new HashFields(await Db.HashGetAllAsync(RedisKeys.ClusteringSettings));
        if (fields.IsEmpty)
        {
            return null;
        }
        return new ClusteringSettings(
            Double(fields, "assign_threshold"),
            Double(fields, "merge_threshold"),
            Double(fields, "fold_threshold"),
            Double(fields, "fragment_margin"),
            Double(fields, "assign_percentile"),
            Int(fields, "min_cluster_size"),
            Int(fields, "fragment_size"),
            Double(fields, "gather_threshold"),
            Double(fields, "merge_cohesion_factor"))
        {
            Source = StoredSource,
            Version = VersionedHash.VersionOf(fields[VersionedHash.VersionField]),
            UpdatedAt = RedisValues.ParseOptionalTime(fields[UpdatedAtField]),
        };
    }

    /// <summary>
    /// Stores every value of <paramref name="settings"/> (already validated; a value left out is not
    /// stored and the worker's configuration holds for it); the stored settings, or null when
    /// <paramref name="expectedVersion"/> is given and another change came first.
    /// </summary>
    public async Task<ClusteringSettings?> ReplaceAsync(ClusteringSettings settings, long? expectedVersion)
    {
        var now = time.GetUtcNow();
        var fields = new List<HashEntry> { new(UpdatedAtField, now.ToRedis()) };
        Add(fields, "assign_threshold", settings.AssignThreshold);
        Add(fields, "merge_threshold", settings.MergeThreshold);
        Add(fields, "fold_threshold", settings.FoldThreshold);
        Add(fields, "fragment_margin", settings.FragmentMargin);
        Add(fields, "assign_percentile", settings.AssignPercentile);
        Add(fields, "min_cluster_size", settings.MinClusterSize);
        Add(fields, "fragment_size", settings.FragmentSize);
        Add(fields, "gather_threshold", settings.GatherThreshold);
        Add(fields, "merge_cohesion_factor", settings.MergeCohesionFactor);
        var version = await VersionedHash.ReplaceAsync(Db, RedisKeys.ClusteringSettings, expectedVersion, fields);
        return version is null ? null : settings with { Source = StoredSource, Version = version, UpdatedAt = now, Editable = null };
    }

    private static void Add(List<HashEntry> fields, string name, double? value)
    {
        if (value is { } number)
        {
            fields.Add(new HashEntry(name, number.ToString("R", CultureInfo.InvariantCulture)));
        }
    }

    private static void Add(List<HashEntry> fields, string name, int? value)
    {
        if (value is { } number)
        {
            fields.Add(new HashEntry(name, number.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static double? Double(HashFields fields, string name) =>
        double.TryParse(fields[name].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static int? Int(HashFields fields, string name) =>
        int.TryParse(fields[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}

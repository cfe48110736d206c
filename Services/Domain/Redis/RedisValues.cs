using System.Globalization;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Json;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Redis;

/// <summary>How model values are written into Redis hashes: lower-case names, ISO-8601 UTC times.</summary>
public static class RedisValues
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToRedis(this FeedbackSource source) => Name(source);
    public static string ToRedis(this ClusterStatus status) => Name(status);
    public static string ToRedis(this JobStatus status) => Name(status);
    public static string ToRedis(this PullRequestState state) => Name(state);

    public static string ToRedis(this DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Sorted-set score for a time: Unix milliseconds.</summary>
    public static double ToScore(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>An enum value from its name as Redis holds it (snake_case, as the API writes it); nothing else.</summary>
    public static bool TryParse<TEnum>(string? value, out TEnum result) where TEnum : struct, Enum
    {
        if (value is not null && Names<TEnum>.ByName.TryGetValue(value, out result))
        {
            return true;
        }
        result = default;
        return false;
    }

    internal static TEnum ParseEnum<TEnum>(RedisValue value, TEnum fallback) where TEnum : struct, Enum =>
        TryParse<TEnum>(value, out var parsed) ? parsed : fallback;

    /// <summary>Our own format first (the fast path); any other ISO-8601 text a person wrote still reads.</summary>
    internal static DateTimeOffset ParseTime(RedisValue value)
    {
        var text = value.ToString();
        if (DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ||
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time))
        {
            return time.ToUniversalTime();
        }
        return DateTimeOffset.UnixEpoch;
    }

    internal static DateTimeOffset? ParseOptionalTime(RedisValue value) => value.IsNullOrEmpty ? null : ParseTime(value);

    internal static string? OptionalString(RedisValue value) => value.IsNullOrEmpty ? null : value.ToString();

    // snake_case like the API (ApiNames), so a status reads the same in Redis and in JSON: fix_proposed.
    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.Of[value];

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> Of = Enum.GetValues<TEnum>().ToDictionary(v => v, v => v.ToApiName());
        public static readonly Dictionary<string, TEnum> ByName = Of.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}

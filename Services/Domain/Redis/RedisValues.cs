using System.Globalization;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Jobs;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Redis;

/// <summary>How model values are written into Redis hashes: lower-case names, ISO-8601 UTC times.</summary>
public static class RedisValues
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToRedis(this FeedbackSource source) => Name(source);
    public static string ToRedis(this ClusterStatus status) => Name(status);
    public static string ToRedis(this JobStatus status) => Name(status);

    public static string ToRedis(this DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Sorted-set score for a time: Unix milliseconds.</summary>
    public static double ToScore(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static bool TryParse<TEnum>(string? value, out TEnum result) where TEnum : struct, Enum
    {
        result = default;
        return value is not null && !value.Any(char.IsUpper) && Enum.TryParse(value, ignoreCase: true, out result) && Enum.IsDefined(result);
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

    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}

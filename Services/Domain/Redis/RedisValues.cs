using System.Globalization;
using FeedbackFix.Domain.Model;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Redis;

/// <summary>How model values are written into Redis hashes: lower-case names, ISO-8601 UTC times.</summary>
public static class RedisValues
{
    public static string ToRedis(this FeedbackSource source) => Name(source);
    public static string ToRedis(this ClusterStatus status) => Name(status);
    public static string ToRedis(this JobStatus status) => Name(status);

    public static string ToRedis(this DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Sorted-set score for a time: Unix milliseconds.</summary>
    public static double ToScore(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static bool TryParse<TEnum>(string? value, out TEnum result) where TEnum : struct, Enum
    {
        result = default;
        return value is not null && !value.Any(char.IsUpper) && Enum.TryParse(value, ignoreCase: true, out result) && Enum.IsDefined(result);
    }

    internal static TEnum ParseEnum<TEnum>(RedisValue value, TEnum fallback) where TEnum : struct, Enum =>
        TryParse<TEnum>(value, out var parsed) ? parsed : fallback;

    internal static DateTimeOffset ParseTime(RedisValue value) =>
        DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : DateTimeOffset.UnixEpoch;

    internal static DateTimeOffset? ParseOptionalTime(RedisValue value) => value.IsNullOrEmpty ? null : ParseTime(value);

    internal static string? OptionalString(RedisValue value) => value.IsNullOrEmpty ? null : value.ToString();

    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}

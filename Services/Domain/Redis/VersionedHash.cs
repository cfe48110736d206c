using StackExchange.Redis;

namespace FeedbackFix.Domain.Redis;

/// <summary>
/// A configuration hash replaced as a whole, with a <c>version</c> field bumped by each replacement:
/// a replacement may name the version it read, and is refused when another came first.
/// </summary>
internal static class VersionedHash
{
    public const string VersionField = "version";

    // KEYS[1] the hash; ARGV[1] the expected version ('' for any); ARGV[2..] field, value pairs.
    private const string ReplaceScript = """
        local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0') or 0
        if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= current then
            return -1
        end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'version', current + 1, unpack(ARGV, 2))
        return current + 1
        """;

    /// <summary>The new version, or null when <paramref name="expectedVersion"/> is not the stored one.</summary>
    public static async Task<long?> ReplaceAsync(IDatabase db, RedisKey key, long? expectedVersion, IEnumerable<HashEntry> fields)
    {
        var args = new List<RedisValue> { expectedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "" };
        foreach (var field in fields)
        {
            args.Add(field.Name);
            args.Add(field.Value);
        }
        var version = (long)await db.ScriptEvaluateAsync(ReplaceScript, [key], [.. args]);
        return version < 0 ? null : version;
    }

    /// <summary>The stored version; 0 before the first replacement.</summary>
    public static long VersionOf(RedisValue value) => value.TryParse(out long version) ? version : 0;
}

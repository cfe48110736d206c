using StackExchange.Redis;

namespace FeedbackFix.Domain.Redis;

/// <summary>Read access to a hash fetched with HGETALL, by field name.</summary>
internal readonly struct HashFields(HashEntry[] entries)
{
    private readonly Dictionary<string, RedisValue> _fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value);

    public bool IsEmpty => _fields.Count == 0;

    public RedisValue this[string name] => _fields.TryGetValue(name, out var value) ? value : RedisValue.Null;
}

using StackExchange.Redis;

namespace FeedbackFix.Domain.Tests.Support;

internal static class RedisSearch
{
    /// <summary>Every place in the whole database where <paramref name="needle"/> occurs: key names, fields, values, members.</summary>
    public static async Task<List<string>> FindEverywhereAsync(IConnectionMultiplexer redis, int port, string needle)
    {
        var server = redis.GetServer("127.0.0.1", port);
        var db = redis.GetDatabase();
        var found = new List<string>();
        void Check(RedisKey key, string where, RedisValue value)
        {
            if (!value.IsNull && value.ToString().Contains(needle, StringComparison.Ordinal))
            {
                found.Add($"{key} {where}");
            }
        }

        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            Check(key, "(name)", key.ToString());
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.String:
                    Check(key, "(value)", await db.StringGetAsync(key));
                    break;
                case RedisType.Hash:
                    foreach (var entry in await db.HashGetAllAsync(key))
                    {
                        Check(key, "(field)", entry.Name);
                        Check(key, entry.Name.ToString(), entry.Value);
                    }
                    break;
                case RedisType.Set:
                    foreach (var member in await db.SetMembersAsync(key))
                    {
                        Check(key, "(member)", member);
                    }
                    break;
                case RedisType.SortedSet:
                    foreach (var member in await db.SortedSetRangeByRankAsync(key))
                    {
                        Check(key, "(member)", member);
                    }
                    break;
                case RedisType.List:
                    foreach (var element in await db.ListRangeAsync(key))
                    {
                        Check(key, "(element)", element);
                    }
                    break;
                case RedisType.Stream:
                    foreach (var entry in await db.StreamRangeAsync(key))
                    {
                        foreach (var value in entry.Values)
                        {
                            Check(key, $"{entry.Id} {value.Name}", value.Value);
                        }
                    }
                    break;
            }
        }
        return found;
    }
}

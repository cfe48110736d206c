using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// The Reddit poller's memory per subreddit: the newest fullname handed to Ingestion (its
/// <c>before</c> cursor) and a capped set of recently seen fullnames, so a restart neither
/// re-ingests nor skips, and a deleted cursor post can be stepped around.
/// </summary>
public sealed class PollerStateStore(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    /// <summary>The newest fullname recorded for the subreddit, or null before its first accepted batch.</summary>
    public async Task<string?> GetNewestAsync(string subreddit)
    {
        var value = await Db.StringGetAsync(RedisKeys.PollerRedditNewest(subreddit));
        return value.IsNullOrEmpty ? null : value.ToString();
    }

    /// <summary>Which of <paramref name="fullnames"/> are in the subreddit's recently seen set (one round trip).</summary>
    public async Task<IReadOnlySet<string>> FindSeenAsync(string subreddit, IReadOnlyList<string> fullnames)
    {
        if (fullnames.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }
        var scores = await Db.SortedSetScoresAsync(RedisKeys.PollerRedditSeen(subreddit), [.. fullnames.Select(n => (RedisValue)n)]);
        return fullnames.Where((_, i) => scores[i] is not null).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Records posts Ingestion accepted, in one transaction: adds them to the seen set (scored by
    /// created_utc), trims it to the <paramref name="capacity"/> newest, and moves the cursor to
    /// <paramref name="newest"/> when given.
    /// </summary>
    public Task RecordAsync(string subreddit, IReadOnlyList<(string Fullname, double CreatedUtc)> posts, string? newest, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var seen = RedisKeys.PollerRedditSeen(subreddit);
        var transaction = Db.CreateTransaction();
        if (posts.Count > 0)
        {
            _ = transaction.SortedSetAddAsync(seen, [.. posts.Select(p => new SortedSetEntry(p.Fullname, p.CreatedUtc))]);
            _ = transaction.SortedSetRemoveRangeByRankAsync(seen, 0, -(capacity + 1));
        }
        if (newest is not null)
        {
            _ = transaction.StringSetAsync(RedisKeys.PollerRedditNewest(subreddit), newest);
        }
        return transaction.ExecuteAsync();
    }
}

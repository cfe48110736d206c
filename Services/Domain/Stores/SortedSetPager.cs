using System.Globalization;
using FeedbackFix.Contracts;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Pages a sorted-set index from the highest score down, hydrating each batch of ids with one
/// pipelined round trip and keeping only what a filter accepts. A page's next cursor names the
/// index it pages (<see cref="PageCursor.ListOf"/>).
/// </summary>
internal static class SortedSetPager
{
    private const int MaxExamined = 10_000;

    // KEYS[1] the index; ARGV: cursor id, cursor score, count. The count entries after the cursor's
    // entry in (score desc, id desc) order, read by its rank in one step; nil when the entry is gone
    // or its score is no longer the cursor's.
    private const string AfterByRankScript = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score or tonumber(score) ~= tonumber(ARGV[2]) then return false end
        local rank = redis.call('ZREVRANK', KEYS[1], ARGV[1])
        return redis.call('ZREVRANGE', KEYS[1], rank + 1, rank + tonumber(ARGV[3]), 'WITHSCORES')
        """;

    public static async Task<Page<T>> PageAsync<T>(
        IDatabaseAsync db,
        RedisKey index,
        PageCursor? after,
        int limit,
        Func<IReadOnlyList<string>, Task<IReadOnlyList<T?>>> hydrate,
        Func<T, bool>? keep = null,
        double minScore = double.NegativeInfinity)
        where T : class
    {
        var kept = new List<T>(limit);
        var list = PageCursor.ListOf(index);
        var position = after;
        var examined = 0;
        // One entry more than a page: if it exists there is a next page, so the last page says so.
        var batchSize = keep is null ? limit + 1 : Math.Max(limit * 2, 100);

        while (examined < MaxExamined)
        {
            var entries = await ReadAfterAsync(db, index, position, batchSize, minScore);
            var items = entries.Count == 0 ? [] : await hydrate([.. entries.Select(e => e.Id)]);
            for (var i = 0; i < entries.Count; i++)
            {
                if (kept.Count == limit)
                {
                    return new Page<T>(kept, Next(position, list));
                }

                position = entries[i];
                examined++;
                if (items[i] is { } item && (keep is null || keep(item)))
                {
                    kept.Add(item);
                }
            }

            if (entries.Count < batchSize)
            {
                return new Page<T>(kept, null);
            }
        }

        // Examined as far as one request may; the caller goes on from here.
        return new Page<T>(kept, Next(position, list));
    }

    /// <summary>
    /// As <see cref="PageAsync"/>, keeping only the ids <paramref name="matches"/> accepts, which it judges
    /// from one read per chunk of ids before anything is hydrated. The first chunk is a few pages'
    /// worth; the next is sized by the share of matches seen so far (the rest of what one request may
    /// examine when none matched), and the fourth takes all that is left: a page costs at most nine
    /// round trips however rare the matches. One more match than a page is looked for, so the last
    /// page says it is the last.
    /// </summary>
    public static async Task<Page<T>> PageMatchingAsync<T>(
        IDatabaseAsync db,
        RedisKey index,
        PageCursor? after,
        int limit,
        double minScore,
        Func<IReadOnlyList<string>, Task<bool[]>> matches,
        Func<IReadOnlyList<string>, Task<IReadOnlyList<T?>>> hydrate)
        where T : class
    {
        const int MaxChunks = 4;
        var kept = new List<PageCursor>(limit + 1);
        var position = after;
        var examined = 0;
        var exhausted = false;
        var budget = Math.Min(Math.Max(limit * 4, 200), MaxExamined);
        for (var chunk = 1; kept.Count <= limit && !exhausted && examined < MaxExamined; chunk++)
        {
            // One entry beyond the budget tells whether anything is left after it.
            var entries = await ReadAfterAsync(db, index, position, budget + 1, minScore);
            exhausted = entries.Count <= budget;
            var judged = entries.Take(budget).ToList();
            var accepted = judged.Count == 0 ? [] : await matches([.. judged.Select(e => e.Id)]);
            for (var i = 0; i < judged.Count && kept.Count <= limit; i++)
            {
                position = judged[i];
                examined++;
                if (accepted[i])
                {
                    kept.Add(judged[i]);
                }
            }

            var left = MaxExamined - examined;
            var wanted = limit + 1 - kept.Count;
            budget = kept.Count == 0 || chunk + 1 >= MaxChunks
                ? left
                : (int)Math.Min(left, Math.Max(200, 2.0 * wanted * examined / kept.Count));
        }

        var page = kept.Take(limit).ToList();
        var items = page.Count == 0 ? [] : await hydrate([.. page.Select(c => c.Id)]);
        var list = PageCursor.ListOf(index);
        var next = kept.Count > limit ? Next(page[^1], list)
            : exhausted ? null
            // Examined as far as one request may; the caller goes on from here.
            : Next(position, list);
        return new Page<T>([.. items.OfType<T>()], next);
    }

    private static string? Next(PageCursor? position, string list) => position is null ? null : (position with { List = list }).ToString();

    /// <summary>Entries strictly after the cursor in (score desc, id desc) order, the order Redis gives with REV, down to <paramref name="minScore"/>.</summary>
    private static async Task<List<PageCursor>> ReadAfterAsync(
        IDatabaseAsync db, RedisKey index, PageCursor? after, int count, double minScore = double.NegativeInfinity)
    {
        var result = new List<PageCursor>(count);
        var start = after?.Score ?? double.PositiveInfinity;
        var skip = 0L;
        while (result.Count < count)
        {
            // Entries tied on the cursor's score are re-read and skipped; when a whole batch was such a
            // tie, the cursor is deep in a band of equal scores and is found by its rank instead.
            var take = count - result.Count + (after is null ? 0 : 16);
            var batch = await db.SortedSetRangeByScoreWithScoresAsync(
                index, start, minScore, Exclude.None, Order.Descending, skip, take);
            foreach (var entry in batch)
            {
                var id = entry.Element.ToString();
                if (after is not null && entry.Score == after.Score && string.CompareOrdinal(id, after.Id) >= 0)
                {
                    continue;
                }
                if (result.Count < count)
                {
                    result.Add(new PageCursor(entry.Score, id));
                }
            }

            if (batch.Length < take)
            {
                break;
            }
            if (after is not null && skip == 0 && result.Count == 0 && await AfterByRankAsync(db, index, after, count, minScore) is { } ranked)
            {
                return ranked;
            }
            skip += batch.Length;
        }
        return result;
    }

    /// <summary>
    /// The entries after the cursor found by the cursor entry's rank, for a cursor deep in a band of
    /// equal scores (thousands of clusters of one report), where skipping the band batch by batch would
    /// cost a round trip per batch. Null when the cursor's entry is gone or has another score now: then
    /// its rank says nothing about where the page ended.
    /// </summary>
    private static async Task<List<PageCursor>?> AfterByRankAsync(IDatabaseAsync db, RedisKey index, PageCursor after, int count, double minScore)
    {
        var found = await db.ScriptEvaluateAsync(AfterByRankScript, [index],
            [after.Id, after.Score.ToString("R", CultureInfo.InvariantCulture), count]);
        if (found.IsNull)
        {
            return null;
        }
        var flat = (RedisResult[])found!;
        var entries = new List<PageCursor>(flat.Length / 2);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            var score = double.Parse(flat[i + 1].ToString()!, CultureInfo.InvariantCulture);
            if (score < minScore)
            {
                break;
            }
            entries.Add(new PageCursor(score, flat[i].ToString()!));
        }
        return entries;
    }
}

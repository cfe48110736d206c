using FeedbackFix.Contracts;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Pages a sorted-set index from the highest score down, hydrating each batch of ids with one
/// pipelined round trip and keeping only what a filter accepts.
/// </summary>
internal static class SortedSetPager
{
    private const int MaxExamined = 10_000;

    public static async Task<Page<T>> PageAsync<T>(
        IDatabaseAsync db,
        RedisKey index,
        PageCursor? after,
        int limit,
        Func<IReadOnlyList<string>, Task<IReadOnlyList<T?>>> hydrate,
        Func<T, bool>? keep = null)
        where T : class
    {
        var kept = new List<T>(limit);
        var position = after;
        var examined = 0;
        // One entry more than a page: if it exists there is a next page, so the last page says so.
        var batchSize = keep is null ? limit + 1 : Math.Max(limit * 2, 100);

        while (examined < MaxExamined)
        {
            var entries = await ReadAfterAsync(db, index, position, batchSize);
            var items = entries.Count == 0 ? [] : await hydrate([.. entries.Select(e => e.Id)]);
            for (var i = 0; i < entries.Count; i++)
            {
                if (kept.Count == limit)
                {
                    return new Page<T>(kept, position?.ToString());
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
        return new Page<T>(kept, position?.ToString());
    }

    /// <summary>Entries strictly after the cursor in (score desc, id desc) order, the order Redis gives with REV.</summary>
    private static async Task<List<PageCursor>> ReadAfterAsync(IDatabaseAsync db, RedisKey index, PageCursor? after, int count)
    {
        var result = new List<PageCursor>(count);
        var start = after?.Score ?? double.PositiveInfinity;
        var skip = 0L;
        while (result.Count < count)
        {
            // Entries tied on the cursor's score are re-read and skipped; ties are rare and bounded.
            var take = count - result.Count + (after is null ? 0 : 16);
            var batch = await db.SortedSetRangeByScoreWithScoresAsync(
                index, start, double.NegativeInfinity, Exclude.None, Order.Descending, skip, take);
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
            skip += batch.Length;
        }
        return result;
    }
}

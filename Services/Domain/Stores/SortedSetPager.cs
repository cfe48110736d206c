using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Pages a sorted-set index from the highest score down, hydrating each batch of ids with one
/// pipelined round trip and keeping only what a filter accepts.
/// </summary>
internal static class SortedSetPager
{
    private const int MaxScanned = 10_000;

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
        var scanned = 0;
        var batchSize = keep is null ? limit : Math.Max(limit * 2, 100);

        while (kept.Count < limit && scanned < MaxScanned)
        {
            var entries = await ReadAfterAsync(db, index, position, batchSize);
            if (entries.Count == 0)
            {
                return new Page<T>(kept, null);
            }

            var items = await hydrate([.. entries.Select(e => e.Id)]);
            for (var i = 0; i < entries.Count; i++)
            {
                position = entries[i];
                scanned++;
                if (items[i] is { } item && (keep is null || keep(item)))
                {
                    kept.Add(item);
                    if (kept.Count == limit)
                    {
                        break;
                    }
                }
            }

            if (entries.Count < batchSize && kept.Count < limit)
            {
                return new Page<T>(kept, null);
            }
        }

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

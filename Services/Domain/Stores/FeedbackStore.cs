using System.Text.Json;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Queues;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>Feedback items: atomic add with dedupe, reads, and the counts behind /stats.</summary>
public sealed class FeedbackStore(IConnectionMultiplexer redis, TimeProvider time)
{
    /// <summary>Kept entries in stream:feedback; acknowledged history beyond this is trimmed.</summary>
    internal const int StreamMaxLength = 1_000_000;

    /// <summary>
    /// How long a delivery id is remembered: the sender redelivers within days (GitHub, the same as
    /// <see cref="PullRequestStore.DeliveryMemory"/>), and an edit delivered later than that is judged
    /// by its date (<see cref="SourceUpdatedAtField"/>), an opening by its external id.
    /// </summary>
    public static readonly TimeSpan DeliveryMemory = PullRequestStore.DeliveryMemory;

    /// <summary>On <c>feedback:{id}</c>: when the sender last changed the stored text (ms), for senders that date their changes.</summary>
    private const string SourceUpdatedAtField = "source_updated_at";

    // Dedupe, the item, its indexes and the work-queue entry in one atomic step (ARCHITECTURE §5).
    // ARGV[6] is a delivery id ('' for none), remembered for ARGV[7] ms in KEYS[7] (its marker, holding
    // the item's id; before markers, delivery ids were fields of the dedupe hash, read here still):
    // a delivery seen before answers 2, a known external id 0, a new item 1.
    private const string AddScript = $$"""
        if ARGV[6] ~= '' then
          local seen = redis.call('GET', KEYS[7]) or redis.call('HGET', KEYS[1], ARGV[6])
          if seen then
            return {seen, 2}
          end
        end
        if ARGV[1] ~= '' then
          if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
            return {redis.call('HGET', KEYS[1], ARGV[1]), 0}
          end
        end
        if ARGV[6] ~= '' then
          redis.call('SET', KEYS[7], ARGV[2], 'PX', ARGV[7])
        end
        redis.call('HSET', KEYS[2], unpack(ARGV, 8))
        redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
        redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
        redis.call('SADD', KEYS[5], ARGV[2])
        redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[5], '*', '{{QueueEntries.FeedbackIdField}}', ARGV[2], '{{QueueEntries.TraceParentField}}', ARGV[4])
        redis.call('PUBLISH', '{{StreamWakeup.FeedbackChannelName}}', '')
        return {ARGV[2], 1}
        """;

    // Replaces a known item's text in place: only while the external id still names it, the
    // delivery is new (recorded here, so a replayed edit never puts old text back) and, when the
    // sender dates its changes, the text is not older than the one stored (an older edit delivered
    // late, or redelivered by hand, is recorded and changes nothing). The item keeps its id,
    // created_at and cluster_id, and goes back on the clustering queue: an unclustered item is
    // clustered with its new text, and for a clustered one the worker takes the new text and
    // relabels its cluster.
    private const string UpdateScript = $$"""
        if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] or redis.call('EXISTS', KEYS[2]) == 0 then
          return 0
        end
        if ARGV[3] ~= '' then
          if redis.call('HEXISTS', KEYS[1], ARGV[3]) == 1 or not redis.call('SET', KEYS[4], ARGV[2], 'NX', 'PX', ARGV[7]) then
            return 0
          end
        end
        if ARGV[6] ~= '' then
          local stored = redis.call('HGET', KEYS[2], '{{SourceUpdatedAtField}}')
          if stored and tonumber(stored) > tonumber(ARGV[6]) then
            return 0
          end
        end
        redis.call('HSET', KEYS[2], unpack(ARGV, 8))
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', '{{QueueEntries.FeedbackIdField}}', ARGV[2], '{{QueueEntries.TraceParentField}}', ARGV[4])
        redis.call('PUBLISH', '{{StreamWakeup.FeedbackChannelName}}', '')
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Stores a new item, or returns the existing id when (source, external id) was seen before.</summary>
    public async Task<FeedbackRef> AddAsync(NewFeedback feedback, string? traceParent)
    {
        var (keys, args) = AddArguments(feedback, traceParent);
        return await WithDeletedAsync(ParseAdd(await Db.ScriptEvaluateAsync(AddScript, keys, args)));
    }

    /// <summary>
    /// Stores a report its sender may send again with changed text (a GitHub issue): keyed by its
    /// external id, with the id of the delivery that brought it kept beside it. A delivery seen
    /// before is a duplicate; a new external id is a new item; a known one is a duplicate, or with
    /// <paramref name="replaceText"/> has its title, body, url, author and metadata replaced in
    /// place (<see cref="FeedbackRef.Updated"/>), keeping its id, created_at and cluster, and queued
    /// again on <c>stream:feedback</c> so the clustering worker sees the new text. With
    /// <paramref name="sourceUpdatedAt"/> (when the sender last changed the report), text older than
    /// the stored text's is not taken.
    /// </summary>
    public async Task<FeedbackRef> AddOrUpdateAsync(NewFeedback feedback, string deliveryId, bool replaceText, DateTimeOffset? sourceUpdatedAt, string? traceParent)
    {
        ArgumentException.ThrowIfNullOrEmpty(feedback.ExternalId);
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        RedisValue[] dated = sourceUpdatedAt is { } updatedAt ? [SourceUpdatedAtField, updatedAt.ToScore()] : [];
        var (keys, args) = AddArguments(feedback, traceParent, deliveryId);
        args = [.. args, .. dated];
        var added = (RedisResult[])(await Db.ScriptEvaluateAsync(AddScript, keys, args))!;
        var id = added[0].ToString()!;
        var outcome = (long)added[1];
        if (outcome != 0 || !replaceText)
        {
            return await WithDeletedAsync(new FeedbackRef(id, outcome == 1));
        }

        RedisValue[] update =
        [
            feedback.ExternalId, id, deliveryId, traceParent ?? "", StreamMaxLength, sourceUpdatedAt?.ToScore() ?? RedisValue.EmptyString,
            (long)DeliveryMemory.TotalMilliseconds,
            .. dated,
            "title", feedback.Title,
            "body", feedback.Body,
            "url", feedback.Url ?? "",
            "author", feedback.Author ?? "",
            "metadata", feedback.Metadata is { } metadata ? metadata.GetRawText() : "{}",
        ];
        var updated = (long)await Db.ScriptEvaluateAsync(UpdateScript,
            [RedisKeys.FeedbackExternal(feedback.Source), RedisKeys.Feedback(id), RedisKeys.FeedbackStream, RedisKeys.WebhookDelivery(feedback.Source, deliveryId)], update);
        return await WithDeletedAsync(new FeedbackRef(id, Created: false, Updated: updated == 1));
    }

    /// <summary>
    /// Stores many items in one round trip; each is atomic on its own. A batch (the poller's) is not told
    /// which of its duplicates were deleted since (<see cref="FeedbackRef.Deleted"/> stays false): it resends
    /// most of what it sends, and would pay a read for each.
    /// </summary>
    public async Task<IReadOnlyList<FeedbackRef>> AddManyAsync(IReadOnlyList<NewFeedback> feedback, string? traceParent)
    {
        var pending = feedback.Select(item =>
        {
            var (keys, args) = AddArguments(item, traceParent);
            return Db.ScriptEvaluateAsync(AddScript, keys, args);
        }).ToList();
        var results = await Task.WhenAll(pending);
        return [.. results.Select(ParseAdd)];
    }

    // A duplicate's external id keeps naming its report after the report is deleted (so it is never
    // stored again): such a duplicate says so.
    private async Task<FeedbackRef> WithDeletedAsync(FeedbackRef stored) =>
        stored.Created || stored.Updated || await Db.KeyExistsAsync(RedisKeys.Feedback(stored.Id)) ? stored : stored with { Deleted = true };

    public async Task<FeedbackItem?> GetAsync(string id) =>
        RedisKeys.CanNameReport(id) ? ToItem(id, await Db.HashGetAllAsync(RedisKeys.Feedback(id))) : null;

    /// <summary>Many items in one pipelined round trip, in the order asked; missing ones are null.</summary>
    public async Task<IReadOnlyList<FeedbackItem?>> GetManyAsync(IReadOnlyList<string> ids)
    {
        var pending = ids.Select(id => RedisKeys.CanNameReport(id) ? Db.HashGetAllAsync(RedisKeys.Feedback(id)) : Task.FromResult<HashEntry[]>([])).ToList();
        var hashes = await Task.WhenAll(pending);
        return [.. ids.Select((id, i) => ToItem(id, hashes[i]))];
    }

    public Task<Page<FeedbackItem>> ListAsync(FeedbackQuery query)
    {
        var index = IndexOf(query.Source);
        Func<FeedbackItem, bool>? keep = query.Unclustered switch
        {
            true => item => item.ClusterId is null,
            false => item => item.ClusterId is not null,
            null => null,
        };
        return SortedSetPager.PageAsync(Db, index, query.After, query.Limit, GetManyAsync, keep);
    }

    /// <summary>The list a cursor of <see cref="ListAsync"/> pages for this source (<c>unclustered</c> is judged on read).</summary>
    public static string ListOf(FeedbackSource? source) => PageCursor.ListOf(IndexOf(source));

    private static RedisKey IndexOf(FeedbackSource? source) => source is { } of ? RedisKeys.FeedbackBySource(of) : RedisKeys.FeedbackAll;

    /// <summary>
    /// Puts every item of <c>feedback:unclustered</c> back on <c>stream:feedback</c> (the workers
    /// skip anything clustered meanwhile); returns how many.
    /// </summary>
    public async Task<long> RequeueUnclusteredAsync(string? traceParent)
    {
        long count = 0;
        await foreach (var chunk in Db.SetScanAsync(RedisKeys.FeedbackUnclustered, pageSize: 1_000).Chunk(1_000))
        {
            await QueueAsync([.. chunk.Select(id => id.ToString())], traceParent);
            count += chunk.Length;
        }
        if (count > 0)
        {
            await Db.PublishAsync(StreamWakeup.FeedbackChannel, "");
        }
        return count;
    }

    /// <summary>
    /// Puts <paramref name="ids"/> on <c>stream:feedback</c>: each is embedded when it has no stored vector,
    /// and placed unless it is in a cluster by then.
    /// </summary>
    public async Task RequeueAsync(IReadOnlyList<string> ids, string? traceParent)
    {
        foreach (var chunk in ids.Chunk(1_000))
        {
            await QueueAsync(chunk, traceParent);
        }
        if (ids.Count > 0)
        {
            await Db.PublishAsync(StreamWakeup.FeedbackChannel, "");
        }
    }

    private Task QueueAsync(IReadOnlyList<string> ids, string? traceParent) =>
        Task.WhenAll(ids.Select(id => Db.StreamAddAsync(RedisKeys.FeedbackStream,
            new FeedbackQueueEntry(id, traceParent).ToFields(),
            maxLength: StreamMaxLength, useApproximateMaxLength: true)));

    /// <summary>
    /// Ids of reports created before <paramref name="before"/>, oldest first, from <c>feedback:all</c> by
    /// score: <paramref name="count"/> of them after the first <paramref name="skip"/>. One range read,
    /// however many reports there are.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListCreatedBeforeAsync(DateTimeOffset before, int skip, int count)
    {
        var ids = await Db.SortedSetRangeByScoreAsync(
            RedisKeys.FeedbackAll, double.NegativeInfinity, before.ToScore(), Exclude.Stop, Order.Ascending, skip, count);
        return [.. ids.Select(id => id.ToString())];
    }

    public async Task<FeedbackCounts> CountAsync()
    {
        var total = Db.SortedSetLengthAsync(RedisKeys.FeedbackAll);
        var unclustered = Db.SetLengthAsync(RedisKeys.FeedbackUnclustered);
        var bySource = Enum.GetValues<FeedbackSource>()
            .Select(source => (source, count: Db.SortedSetLengthAsync(RedisKeys.FeedbackBySource(source))))
            .ToList();
        await Task.WhenAll([total, unclustered, .. bySource.Select(s => s.count)]);
        return new FeedbackCounts(
            total.Result,
            unclustered.Result,
            bySource.ToDictionary(s => s.source, s => s.count.Result));
    }

    private (RedisKey[] Keys, RedisValue[] Args) AddArguments(NewFeedback feedback, string? traceParent, string? deliveryId = null)
    {
        var id = Ids.New();
        var now = time.GetUtcNow();
        RedisKey[] keys =
        [
            RedisKeys.FeedbackExternal(feedback.Source),
            RedisKeys.Feedback(id),
            RedisKeys.FeedbackAll,
            RedisKeys.FeedbackBySource(feedback.Source),
            RedisKeys.FeedbackUnclustered,
            RedisKeys.FeedbackStream,
            .. deliveryId is null ? Array.Empty<RedisKey>() : [RedisKeys.WebhookDelivery(feedback.Source, deliveryId)],
        ];
        RedisValue[] args =
        [
            feedback.ExternalId ?? "",
            id,
            feedback.CreatedAt.ToScore(),
            traceParent ?? "",
            StreamMaxLength,
            deliveryId ?? "",
            (long)DeliveryMemory.TotalMilliseconds,
            "id", id,
            "source", feedback.Source.ToRedis(),
            "external_id", feedback.ExternalId ?? "",
            "title", feedback.Title,
            "body", feedback.Body,
            "url", feedback.Url ?? "",
            "author", feedback.Author ?? "",
            "created_at", feedback.CreatedAt.ToRedis(),
            "ingested_at", now.ToRedis(),
            "metadata", feedback.Metadata is { } metadata ? metadata.GetRawText() : "{}",
        ];
        return (keys, args);
    }

    private static FeedbackRef ParseAdd(RedisResult result)
    {
        var parts = (RedisResult[])result!;
        return new FeedbackRef(parts[0].ToString()!, (long)parts[1] == 1);
    }

    internal static FeedbackItem? ToItem(string id, HashEntry[] hash)
    {
        var fields = new HashFields(hash);
        if (fields.IsEmpty)
        {
            return null;
        }

        return new FeedbackItem(
            id,
            RedisValues.ParseEnum(fields["source"], FeedbackSource.Manual),
            RedisValues.OptionalString(fields["external_id"]),
            fields["title"].ToString(),
            fields["body"].ToString(),
            RedisValues.OptionalString(fields["url"]),
            RedisValues.OptionalString(fields["author"]),
            RedisValues.ParseTime(fields["created_at"]),
            RedisValues.ParseTime(fields["ingested_at"]),
            RedisValues.OptionalString(fields["cluster_id"]),
            ParseMetadata(fields["metadata"]));
    }

    private static JsonElement? ParseMetadata(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(value.ToString());
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Written by someone else (a dashboard, by hand): show it as text rather than fail the read.
            return JsonSerializer.SerializeToElement(value.ToString());
        }
    }
}

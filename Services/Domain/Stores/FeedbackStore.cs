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

    // Dedupe, the item, its indexes and the work-queue entry in one atomic step (ARCHITECTURE §5).
    private const string AddScript = $$"""
        if ARGV[1] ~= '' then
          if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
            return {redis.call('HGET', KEYS[1], ARGV[1]), 0}
          end
        end
        redis.call('HSET', KEYS[2], unpack(ARGV, 6))
        redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
        redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
        redis.call('SADD', KEYS[5], ARGV[2])
        redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[5], '*', '{{QueueEntries.FeedbackIdField}}', ARGV[2], '{{QueueEntries.TraceParentField}}', ARGV[4])
        return {ARGV[2], 1}
        """;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Stores a new item, or returns the existing id when (source, external id) was seen before.</summary>
    public async Task<FeedbackRef> AddAsync(NewFeedback feedback, string? traceParent)
    {
        var (keys, args) = AddArguments(feedback, traceParent);
        return ParseAdd(await Db.ScriptEvaluateAsync(AddScript, keys, args));
    }

    /// <summary>Stores many items in one round trip; each is atomic on its own.</summary>
    public async Task<IReadOnlyList<FeedbackRef>> AddManyAsync(IReadOnlyList<NewFeedback> feedback, string? traceParent)
    {
        var batch = Db.CreateBatch();
        var pending = feedback.Select(item =>
        {
            var (keys, args) = AddArguments(item, traceParent);
            return batch.ScriptEvaluateAsync(AddScript, keys, args);
        }).ToList();
        batch.Execute();
        var results = await Task.WhenAll(pending);
        return [.. results.Select(ParseAdd)];
    }

    public async Task<FeedbackItem?> GetAsync(string id) => ToItem(id, await Db.HashGetAllAsync(RedisKeys.Feedback(id)));

    /// <summary>Many items in one pipelined round trip, in the order asked; missing ones are null.</summary>
    public async Task<IReadOnlyList<FeedbackItem?>> GetManyAsync(IReadOnlyList<string> ids)
    {
        var batch = Db.CreateBatch();
        var pending = ids.Select(id => batch.HashGetAllAsync(RedisKeys.Feedback(id))).ToList();
        batch.Execute();
        var hashes = await Task.WhenAll(pending);
        return [.. ids.Select((id, i) => ToItem(id, hashes[i]))];
    }

    public Task<Page<FeedbackItem>> ListAsync(FeedbackQuery query)
    {
        var index = query.Source is { } source ? RedisKeys.FeedbackBySource(source) : RedisKeys.FeedbackAll;
        Func<FeedbackItem, bool>? keep = query.Unclustered switch
        {
            true => item => item.ClusterId is null,
            false => item => item.ClusterId is not null,
            null => null,
        };
        return SortedSetPager.PageAsync(Db, index, query.After, query.Limit, GetManyAsync, keep);
    }

    /// <summary>
    /// Puts every item of <c>feedback:unclustered</c> back on <c>stream:feedback</c> (the workers
    /// skip anything clustered meanwhile); returns how many.
    /// </summary>
    public async Task<long> RequeueUnclusteredAsync(string? traceParent)
    {
        long count = 0;
        await foreach (var chunk in Db.SetScanAsync(RedisKeys.FeedbackUnclustered, pageSize: 1_000).Chunk(1_000))
        {
            var batch = Db.CreateBatch();
            var pending = chunk.Select(id => batch.StreamAddAsync(RedisKeys.FeedbackStream,
                new FeedbackQueueEntry(id!, traceParent).ToFields(),
                maxLength: StreamMaxLength, useApproximateMaxLength: true)).ToList();
            batch.Execute();
            await Task.WhenAll(pending);
            count += chunk.Length;
        }
        return count;
    }

    public async Task<FeedbackCounts> CountAsync()
    {
        var batch = Db.CreateBatch();
        var total = batch.SortedSetLengthAsync(RedisKeys.FeedbackAll);
        var unclustered = batch.SetLengthAsync(RedisKeys.FeedbackUnclustered);
        var bySource = Enum.GetValues<FeedbackSource>()
            .Select(source => (source, count: batch.SortedSetLengthAsync(RedisKeys.FeedbackBySource(source))))
            .ToList();
        batch.Execute();
        await Task.WhenAll([total, unclustered, .. bySource.Select(s => s.count)]);
        return new FeedbackCounts(
            total.Result,
            unclustered.Result,
            bySource.ToDictionary(s => s.source, s => s.count.Result));
    }

    private (RedisKey[] Keys, RedisValue[] Args) AddArguments(NewFeedback feedback, string? traceParent)
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
        ];
        RedisValue[] args =
        [
            feedback.ExternalId ?? "",
            id,
            feedback.CreatedAt.ToScore(),
            traceParent ?? "",
            StreamMaxLength,
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

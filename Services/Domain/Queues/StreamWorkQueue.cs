using FeedbackFix.Domain.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Queues;

/// <summary>
/// A work queue over a Redis stream and consumer group: a consumer first drains its own pending
/// entries (left by a crash before ack), then reads new ones; entries idle too long under a
/// dead consumer are claimed; an entry delivered more than MaxDeliveries times is moved to the
/// dead-letter stream with the reason, so one poison entry never stalls the rest.
/// StackExchange.Redis has no blocking reads: callers poll with a short back-off, and wake early
/// when the stream announces new entries (<see cref="StreamWakeup"/>). A stream or group that
/// went missing while the queue runs is created again on the next read (<see cref="WithGroupAsync"/>).
/// </summary>
public sealed partial class StreamWorkQueue(IConnectionMultiplexer redis, StreamWorkQueueOptions options, ILogger? logger = null, TimeProvider? time = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _lastClaim = (time ?? TimeProvider.System).GetTimestamp();
    private bool _claimNotDone;
    private bool _ownPendingDrained;
    private RedisValue _ownPendingPosition = "0-0";
    private RedisValue _claimPosition = "0-0";

    private IDatabase Db => redis.GetDatabase();

    public StreamWorkQueueOptions Options => options;

    /// <summary>Creates the consumer group (reading the stream from its start) unless it exists.</summary>
    public Task EnsureGroupAsync() => CreateGroupAsync();

    // Whether this call created the group; false when it existed (another replica may just have made it again).
    private async Task<bool> CreateGroupAsync()
    {
        try
        {
            return await Db.StreamCreateConsumerGroupAsync(options.Stream, options.Group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            return false;
        }
    }

    /// <summary>
    /// Runs a command that needs the consumer group. When Redis answers NOGROUP (the stream or its group
    /// went while the service ran: FLUSHALL, a key deleted, a snapshot restored, a Redis that came back
    /// without its last writes), the group is created again and the command runs once more: Redis is
    /// there and answering, so this is no outage to wait out, and waiting would keep new entries unread
    /// until a restart made the group. A second NOGROUP in a row is the caller's, as any Redis error.
    /// </summary>
    /// <remarks>
    /// The group is made where start-up makes it, at the stream's beginning ("0"), not at "$". When the
    /// stream itself went, everything in it now was added since, and "$" would skip exactly that (the
    /// first XADD after a DEL creates the stream, so a job queued then is in it before the group is made
    /// again). When only the group went, entries still in the stream are delivered again, as at a first
    /// start: <c>stream:jobs</c> and <c>stream:embedded</c> keep only unacknowledged entries, while
    /// <c>stream:feedback</c> and <c>stream:pull_requests</c> keep acknowledged ones too (capped), which
    /// are all read again once; every consumer takes a redelivery as a matter of course (a launched or
    /// ended job is acknowledged with nothing launched twice, a pull request applied again finds
    /// everything already so, an embedded item keeps its vector and a placed one its cluster).
    /// </remarks>
    private async Task<T> WithGroupAsync<T>(Func<Task<T>> command)
    {
        try
        {
            return await command();
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            if (await CreateGroupAsync())
            {
                LogGroupCreatedAgain(options.Stream.ToString(), options.Group, options.Consumer);
            }
            // Nothing is pending in a new group, and the old positions name entries of the old one.
            _ownPendingDrained = false;
            _ownPendingPosition = "0-0";
            _claimPosition = "0-0";
            return await command();
        }
    }

    /// <summary>The next entries for this consumer: its own pending ones first, then new ones.</summary>
    public Task<IReadOnlyList<WorkItem>> ReadAsync(int count) => WithGroupAsync(() => ReadOnceAsync(count));

    /// <summary>
    /// The next entries for a consumer that polls often: its own pending ones first; then, once every
    /// half <see cref="StreamWorkQueueOptions.ClaimIdleAfter"/>, entries idle longer than that under any
    /// consumer (<see cref="ClaimIdleAsync"/>), and again at once while a claim leaves pending entries
    /// it has not looked at (a dead consumer's backlog); then new ones. The claim is taken on the clock,
    /// not only when nothing new waits, so an entry a failed batch or a dead consumer left pending comes
    /// back while new entries keep coming, instead of after the whole backlog.
    /// </summary>
    public async Task<IReadOnlyList<WorkItem>> NextAsync(int count)
    {
        if (_ownPendingDrained && (_claimNotDone || _time.GetElapsedTime(_lastClaim) >= options.ClaimIdleAfter / 2))
        {
            _lastClaim = _time.GetTimestamp();
            var claimed = await ClaimIdleAsync(count);
            // XAUTOCLAIM answers 0-0 once it has looked through every pending entry.
            _claimNotDone = _claimPosition != "0-0";
            if (claimed.Count > 0)
            {
                return claimed;
            }
        }
        return await ReadAsync(count);
    }

    private async Task<IReadOnlyList<WorkItem>> ReadOnceAsync(int count)
    {
        if (!_ownPendingDrained)
        {
            var pending = await Db.StreamReadGroupAsync(options.Stream, options.Group, options.Consumer, _ownPendingPosition, count);
            if (pending.Length > 0)
            {
                _ownPendingPosition = pending[^1].Id;
                // An entry deleted from the stream (XDEL, MAXLEN trimming) comes back without fields:
                // there is nothing left to work on, so it is acknowledged instead of handed out.
                var gone = pending.Where(entry => entry.Values is not { Length: > 0 }).Select(entry => entry.Id).ToArray();
                if (gone.Length > 0)
                {
                    await Db.StreamAcknowledgeAsync(options.Stream, options.Group, gone);
                }
                return await WithDeliveryCountsAsync([.. pending.Where(entry => entry.Values is { Length: > 0 })]);
            }
            _ownPendingDrained = true;
        }

        var fresh = await Db.StreamReadGroupAsync(options.Stream, options.Group, options.Consumer, StreamPosition.NewMessages, count);
        return [.. fresh.Select(entry => WorkItem.From(entry, 1))];
    }

    /// <summary>
    /// Takes over entries that sat unacknowledged longer than ClaimIdleAfter (under a consumer
    /// that died, or this one after a failure), for another try.
    /// </summary>
    public Task<IReadOnlyList<WorkItem>> ClaimIdleAsync(int count) => WithGroupAsync(() => ClaimIdleOnceAsync(count));

    private async Task<IReadOnlyList<WorkItem>> ClaimIdleOnceAsync(int count)
    {
        var result = await Db.StreamAutoClaimAsync(
            options.Stream, options.Group, options.Consumer, (long)options.ClaimIdleAfter.TotalMilliseconds, _claimPosition, count);
        _claimPosition = result.NextStartId;
        var claimed = result.ClaimedEntries.Where(e => !e.IsNull).ToArray();
        return claimed.Length == 0 ? [] : await WithDeliveryCountsAsync(claimed);
    }

    /// <summary>
    /// Tells the group this consumer is still working on an entry (XCLAIM to itself with JUSTID):
    /// its idle time starts again, so no other consumer claims it, and its delivery count stays.
    /// </summary>
    public Task KeepAsync(string id) =>
        WithGroupAsync(() => Db.StreamClaimIdsOnlyAsync(options.Stream, options.Group, options.Consumer, 0, [id]));

    public Task AckAsync(string id) => AckAsync([id]);

    /// <summary>Acknowledges many entries with one XACK (and deletes them, when they carry secrets or the queue says so).</summary>
    public async Task AckAsync(IReadOnlyCollection<string> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }
        RedisValue[] values = [.. ids.Select(id => (RedisValue)id)];
        if (!options.DeletesAcknowledged)
        {
            await Db.StreamAcknowledgeAsync(options.Stream, options.Group, values);
            return;
        }
        var transaction = Db.CreateTransaction();
        Acknowledge(transaction, values);
        await transaction.ExecuteAsync();
    }

    /// <summary>
    /// Hands entries on to the next stage in one transaction: <paramref name="writes"/> are SET,
    /// each of <paramref name="forward"/> is added to <paramref name="next"/> (and announced on
    /// <paramref name="wake"/>, <see cref="StreamWakeup"/>), and the entries <paramref name="ids"/>
    /// are acknowledged. Either all of it happens or none, so a crash leaves the entries pending here
    /// and nothing half handed on.
    /// </summary>
    public async Task AckHandingOnAsync(
        IReadOnlyCollection<string> ids, RedisKey next, RedisChannel wake, IReadOnlyList<NameValueEntry[]> forward,
        IReadOnlyList<KeyValuePair<RedisKey, RedisValue>> writes)
    {
        var transaction = Db.CreateTransaction();
        foreach (var (key, value) in writes)
        {
            _ = transaction.StringSetAsync(key, value);
        }
        foreach (var fields in forward)
        {
            _ = transaction.StreamAddAsync(next, fields);
        }
        if (forward.Count > 0)
        {
            _ = transaction.PublishAsync(wake, "");
        }
        if (ids.Count > 0)
        {
            Acknowledge(transaction, [.. ids.Select(id => (RedisValue)id)]);
        }
        await transaction.ExecuteAsync();
    }

    private void Acknowledge(ITransaction transaction, RedisValue[] ids)
    {
        _ = transaction.StreamAcknowledgeAsync(options.Stream, options.Group, ids);
        if (options.DeletesAcknowledged)
        {
            _ = transaction.StreamDeleteAsync(options.Stream, ids);
        }
    }

    // KEYS[1] the stream, KEYS[2] its dead-letter stream; ARGV[1] the group, ARGV[2] the entry id,
    // ARGV[3] 1 to delete acknowledged entries, ARGV[4..] the dead letter's fields and values.
    private const string DeadLetterScript = """
        if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
        if ARGV[3] == '1' then redis.call('XDEL', KEYS[1], ARGV[2]) end
        redis.call('XADD', KEYS[2], '*', unpack(ARGV, 4))
        return 1
        """;

    /// <summary>
    /// Moves an entry to the dead-letter stream with the reason and acknowledges it, atomically, while
    /// it is still pending in the group: an entry already acknowledged or dead-lettered (a batch given
    /// up on and then tried entry by entry, two consumers on one claimed entry) is not written twice.
    /// Returns whether it was moved. <see cref="StreamWorkQueueOptions.GivingUp"/> hears of a pending
    /// entry first: when Redis does not answer it, the entry stays pending and comes back, so nothing
    /// is given up on unheard; any other failure would come back every time, so the entry moves all the
    /// same, with that failure added to the reason.
    /// </summary>
    public async Task<bool> DeadLetterAsync(WorkItem item, string reason)
    {
        if (options.GivingUp is { } givingUp)
        {
            if (!await IsPendingAsync(item.Id))
            {
                return false;
            }
            try
            {
                await givingUp(item, reason);
            }
            catch (Exception ex) when (!RedisOutage.Is(ex) && ex is not OperationCanceledException)
            {
                reason = $"{reason}; giving up on it failed too: {ex.Message}";
            }
        }

        RedisValue[] fields =
        [
            .. item.Fields.Where(f => !options.SecretFields.Contains(f.Key)).SelectMany(f => new RedisValue[] { f.Key, f.Value }),
            "dead_reason", reason,
            "dead_entry_id", item.Id,
            "dead_deliveries", item.DeliveryCount,
        ];
        return (long)await Db.ScriptEvaluateAsync(DeadLetterScript, [options.Stream, options.DeadLetterStream],
            [options.Group, item.Id, options.DeletesAcknowledged ? 1 : 0, .. fields]) == 1;
    }

    // Whether the entry is pending in the group, under any consumer.
    private async Task<bool> IsPendingAsync(string entryId) =>
        (await WithGroupAsync(() => Db.StreamPendingMessagesAsync(options.Stream, options.Group, 1, RedisValue.Null, entryId, entryId))).Length > 0;

    /// <summary>Attaches delivery counts; entries past MaxDeliveries are dead-lettered and not returned.</summary>
    private async Task<IReadOnlyList<WorkItem>> WithDeliveryCountsAsync(StreamEntry[] entries)
    {
        // One XPENDING per entry (pipelined): a range query over first..last with COUNT n would
        // also return other pending entries in between and miss some of these.
        var queries = entries
            .Select(entry => Db.StreamPendingMessagesAsync(options.Stream, options.Group, 1, RedisValue.Null, entry.Id, entry.Id))
            .ToList();
        var counts = (await Task.WhenAll(queries))
            .SelectMany(info => info)
            .ToDictionary(p => p.MessageId.ToString(), p => (long)p.DeliveryCount);

        var items = new List<WorkItem>(entries.Length);
        foreach (var entry in entries)
        {
            var item = WorkItem.From(entry, counts.GetValueOrDefault(entry.Id!, 1));
            if (item.DeliveryCount > options.MaxDeliveries)
            {
                await DeadLetterAsync(item, $"delivered {item.DeliveryCount} times without being acknowledged");
                continue;
            }
            items.Add(item);
        }
        return items;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Stream {Stream} had no consumer group {Group} (the stream or the group was deleted, or Redis lost it): created it again from the stream's start; consumer {Consumer} reads on")]
    private partial void LogGroupCreatedAgain(string stream, string group, string consumer);
}

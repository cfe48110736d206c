using FeedbackFix.Domain.Queues;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Tests;

public sealed class StreamWorkQueueTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Group = "workers";

    /// <summary>How long an entry must lie idle to be claimed; entries are made idle by <see cref="IdleAsync"/>, not by waiting.</summary>
    private static readonly TimeSpan ClaimAfter = TimeSpan.FromSeconds(30);

    private readonly RedisKey _stream = "stream:test:" + Ids.New();

    private IDatabase Db => redis.Connection.GetDatabase();

    /// <summary>
    /// Every pending entry as if its consumer had not touched it for longer than <see cref="ClaimAfter"/>:
    /// XCLAIM to the same consumer with IDLE keeps its owner, and with JUSTID its delivery count.
    /// </summary>
    private async Task IdleAsync()
    {
        foreach (var entry in await Db.StreamPendingMessagesAsync(_stream, Group, 100, RedisValue.Null))
        {
            await Db.ExecuteAsync("XCLAIM", (string)_stream!, Group, (string)entry.ConsumerName!, 0, (string)entry.MessageId!,
                "IDLE", (long)(ClaimAfter * 2).TotalMilliseconds, "JUSTID");
        }
    }

    [Fact]
    public async Task EnsureGroup_twice_does_not_fail()
    {
        var queue = Queue("a");

        await queue.EnsureGroupAsync();
        await queue.EnsureGroupAsync();

        var groups = await Db.StreamGroupInfoAsync(_stream);
        Assert.Equal(Group, Assert.Single(groups).Name);
    }

    [Fact]
    public async Task EnsureGroup_on_an_existing_group_keeps_its_position()
    {
        var queue = Queue("a");
        await queue.EnsureGroupAsync();
        await AddAsync("1");
        await queue.AckAsync(Assert.Single(await queue.ReadAsync(10)).Id);

        await Queue("b").EnsureGroupAsync();

        Assert.Empty(await Queue("b").ReadAsync(10));
    }

    [Fact]
    public async Task EnsureGroup_sees_entries_added_before_the_group_existed()
    {
        var early = await AddAsync("early");
        var queue = Queue("a");

        await queue.EnsureGroupAsync();
        var items = await queue.ReadAsync(10);

        Assert.Equal(early, Assert.Single(items).Id);
    }

    [Fact]
    public async Task Read_returns_new_entries_with_their_fields_delivered_once()
    {
        var queue = await ReadyQueueAsync("a");
        var first = await AddAsync("1");
        var second = await AddAsync("2");

        var items = await queue.ReadAsync(10);

        Assert.Equal([first, second], items.Select(i => i.Id));
        Assert.Equal(["1", "2"], items.Select(i => i["n"]));
        Assert.All(items, i => Assert.Equal(1, i.DeliveryCount));
        Assert.Null(items[0]["missing"]);
    }

    [Fact]
    public async Task Read_returns_at_most_count_entries_and_the_rest_next_time()
    {
        var queue = await ReadyQueueAsync("a");
        var ids = new[] { await AddAsync("1"), await AddAsync("2"), await AddAsync("3") };

        var first = await queue.ReadAsync(2);
        var second = await queue.ReadAsync(2);

        Assert.Equal(ids[..2], first.Select(i => i.Id));
        Assert.Equal(ids[2..], second.Select(i => i.Id));
    }

    [Fact]
    public async Task Read_of_an_empty_stream_returns_nothing()
    {
        var queue = await ReadyQueueAsync("a");

        Assert.Empty(await queue.ReadAsync(10));
    }

    [Fact]
    public async Task Read_does_not_give_one_entry_to_two_consumers()
    {
        var a = await ReadyQueueAsync("a");
        var b = Queue("b");
        for (var i = 0; i < 6; i++)
        {
            await AddAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var fromA = await a.ReadAsync(3);
        var fromB = await b.ReadAsync(10);

        Assert.Equal(3, fromA.Count);
        Assert.Equal(3, fromB.Count);
        Assert.Empty(fromA.Select(i => i.Id).Intersect(fromB.Select(i => i.Id)));
    }

    [Fact]
    public async Task Read_by_a_recreated_consumer_returns_its_own_pending_entries_first()
    {
        var crashed = await ReadyQueueAsync("a");
        var first = await AddAsync("1");
        var second = await AddAsync("2");
        await crashed.ReadAsync(10);
        var third = await AddAsync("3");

        var restarted = Queue("a");
        var pending = await restarted.ReadAsync(10);
        var fresh = await restarted.ReadAsync(10);

        Assert.Equal([first, second], pending.Select(i => i.Id));
        Assert.All(pending, i => Assert.Equal(2, i.DeliveryCount));
        Assert.Equal(third, Assert.Single(fresh).Id);
    }

    [Fact]
    public async Task Read_by_a_recreated_consumer_pages_through_its_pending_entries()
    {
        var crashed = await ReadyQueueAsync("a");
        var ids = new[] { await AddAsync("1"), await AddAsync("2"), await AddAsync("3") };
        await crashed.ReadAsync(10);

        var restarted = Queue("a");
        var first = await restarted.ReadAsync(2);
        var second = await restarted.ReadAsync(2);
        var third = await restarted.ReadAsync(2);

        Assert.Equal(ids[..2], first.Select(i => i.Id));
        Assert.Equal(ids[2..], second.Select(i => i.Id));
        Assert.Empty(third);
    }

    [Fact]
    public async Task Read_by_a_recreated_consumer_skips_entries_it_acknowledged()
    {
        var crashed = await ReadyQueueAsync("a");
        var first = await AddAsync("1");
        var second = await AddAsync("2");
        await crashed.ReadAsync(10);
        await crashed.AckAsync(first);

        var pending = await Queue("a").ReadAsync(10);

        Assert.Equal(second, Assert.Single(pending).Id);
    }

    [Fact]
    public async Task Read_by_another_consumer_does_not_return_the_first_consumers_pending_entries()
    {
        var crashed = await ReadyQueueAsync("a");
        await AddAsync("1");
        await crashed.ReadAsync(10);

        Assert.Empty(await Queue("b").ReadAsync(10));
    }

    [Fact]
    public async Task Read_by_a_recreated_consumer_skips_pending_entries_deleted_from_the_stream()
    {
        var crashed = await ReadyQueueAsync("a");
        var deleted = await AddAsync("1");
        var kept = await AddAsync("2");
        await crashed.ReadAsync(10);
        await Db.StreamDeleteAsync(_stream, [deleted]);

        var pending = await Queue("a").ReadAsync(10);

        Assert.Equal(kept, Assert.Single(pending).Id);
        var stillPending = await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null);
        Assert.Equal(kept, Assert.Single(stillPending).MessageId.ToString());
    }

    [Fact]
    public async Task Ack_removes_the_entry_from_pending()
    {
        var queue = await ReadyQueueAsync("a");
        var kept = await AddAsync("1");
        var done = await AddAsync("2");
        await queue.ReadAsync(10);

        await queue.AckAsync(done);

        var pending = await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null);
        Assert.Equal(kept, Assert.Single(pending).MessageId.ToString());
    }

    [Fact]
    public async Task Ack_of_many_removes_exactly_those_entries_from_pending()
    {
        var queue = await ReadyQueueAsync("a");
        var first = await AddAsync("1");
        var kept = await AddAsync("2");
        var last = await AddAsync("3");
        await queue.ReadAsync(10);

        await queue.AckAsync([first, last]);

        var pending = await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null);
        Assert.Equal(kept, Assert.Single(pending).MessageId.ToString());
    }

    [Fact]
    public async Task ClaimIdle_lets_another_consumer_take_entries_left_unacknowledged()
    {
        var a = await ReadyQueueAsync("a", ClaimAfter);
        var b = Queue("b", ClaimAfter);
        var left = await AddAsync("1");
        await a.ReadAsync(10);
        await IdleAsync();

        var claimed = await b.ClaimIdleAsync(10);

        var item = Assert.Single(claimed);
        Assert.Equal(left, item.Id);
        Assert.Equal("1", item["n"]);
        Assert.Equal(2, item.DeliveryCount);
        var pending = await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null);
        Assert.Equal("b", Assert.Single(pending).ConsumerName.ToString());
    }

    [Fact]
    public async Task Next_takes_an_entry_left_idle_while_new_entries_keep_coming()
    {
        var clock = new FakeTimeProvider();
        var a = await ReadyQueueAsync("a", ClaimAfter);
        var b = Queue("b", ClaimAfter, clock: clock);
        var left = await AddAsync("left");
        await a.ReadAsync(1);
        await AddAsync("new 1");
        await AddAsync("new 2");
        await b.AckAsync(Assert.Single(await b.NextAsync(1)).Id);
        await IdleAsync();
        clock.Advance(ClaimAfter / 2);

        var next = await b.NextAsync(1);

        var claimed = Assert.Single(next);
        Assert.Equal((left, "left", 2), (claimed.Id, claimed["n"], claimed.DeliveryCount));
        Assert.Equal("new 2", Assert.Single(await b.NextAsync(1))["n"]);
    }

    [Fact]
    public async Task Next_claims_at_most_once_in_half_the_idle_time()
    {
        var clock = new FakeTimeProvider();
        var a = await ReadyQueueAsync("a", ClaimAfter);
        var b = Queue("b", ClaimAfter, clock: clock);
        var left = await AddAsync("left");
        await a.ReadAsync(1);
        await AddAsync("new");
        await IdleAsync();
        clock.Advance(ClaimAfter / 2 - TimeSpan.FromSeconds(1));

        var next = await b.NextAsync(1);

        Assert.Equal("new", Assert.Single(next)["n"]);
        var pending = await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null);
        Assert.Equal("a", pending.Single(p => p.MessageId == left).ConsumerName.ToString());
    }

    [Fact]
    public async Task Next_goes_on_claiming_a_dead_consumers_backlog_without_waiting_for_the_clock()
    {
        var clock = new FakeTimeProvider();
        var dead = await ReadyQueueAsync("dead", ClaimAfter);
        var b = Queue("b", ClaimAfter, clock: clock);
        string[] left = [await AddAsync("1"), await AddAsync("2"), await AddAsync("3")];
        await dead.ReadAsync(3);
        await AddAsync("new");
        await b.NextAsync(1);
        await IdleAsync();
        clock.Advance(ClaimAfter / 2);

        var claimed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            claimed.AddRange((await b.NextAsync(1)).Select(item => item.Id));
        }

        Assert.Equal(left, claimed);
    }

    [Fact]
    public async Task ClaimIdle_does_not_take_entries_that_are_not_idle_long_enough()
    {
        var a = await ReadyQueueAsync("a");
        var b = Queue("b", TimeSpan.FromMinutes(5));
        await AddAsync("1");
        await a.ReadAsync(10);

        Assert.Empty(await b.ClaimIdleAsync(10));
    }

    [Fact]
    public async Task ClaimIdle_does_not_take_acknowledged_entries()
    {
        var a = await ReadyQueueAsync("a", ClaimAfter);
        var b = Queue("b", ClaimAfter);
        var done = await AddAsync("1");
        await a.ReadAsync(10);
        await a.AckAsync(done);
        await IdleAsync();

        Assert.Empty(await b.ClaimIdleAsync(10));
    }

    [Fact]
    public async Task Entry_read_by_a_recreated_consumer_more_than_MaxDeliveries_times_goes_to_the_dead_letter_stream()
    {
        await ReadyQueueAsync("a", maxDeliveries: 2);
        var poison = await AddAsync("poison");
        await Queue("a", maxDeliveries: 2).ReadAsync(10);
        await Queue("a", maxDeliveries: 2).ReadAsync(10);

        var third = Queue("a", maxDeliveries: 2);
        var items = await third.ReadAsync(10);

        Assert.Empty(items);
        var dead = Assert.Single(await Db.StreamRangeAsync(DeadStream));
        Assert.Equal("poison", (string?)dead["n"]);
        Assert.Equal(poison, (string?)dead["dead_entry_id"]);
        Assert.Equal("3", (string?)dead["dead_deliveries"]);
        Assert.False(string.IsNullOrEmpty(dead["dead_reason"]));
        Assert.Empty(await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null));
    }

    [Fact]
    public async Task Entry_claimed_more_than_MaxDeliveries_times_goes_to_the_dead_letter_stream_while_others_go_on()
    {
        var a = await ReadyQueueAsync("a", ClaimAfter, maxDeliveries: 2);
        var b = Queue("b", ClaimAfter, maxDeliveries: 2);
        var poison = await AddAsync("poison");
        await a.ReadAsync(10);
        await IdleAsync();
        Assert.Equal(poison, Assert.Single(await b.ClaimIdleAsync(10)).Id);
        await IdleAsync();
        var good = await AddAsync("good");

        var claimed = await a.ClaimIdleAsync(10);
        var next = await a.ReadAsync(10);

        Assert.Empty(claimed);
        Assert.Equal(poison, (string?)Assert.Single(await Db.StreamRangeAsync(DeadStream))["dead_entry_id"]);
        Assert.Equal(good, Assert.Single(next).Id);
        var pending = await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null);
        Assert.Equal(good, Assert.Single(pending).MessageId.ToString());
    }

    [Fact]
    public async Task Dead_lettering_goes_by_each_entrys_own_delivery_count_when_other_consumers_entries_lie_between()
    {
        var a = await ReadyQueueAsync("a", maxDeliveries: 2);
        var b = Queue("b", maxDeliveries: 2);
        var first = await AddAsync("1");
        var between = await AddAsync("2");
        var last = await AddAsync("3");
        await a.ReadAsync(1);
        await b.ReadAsync(1);
        await a.ReadAsync(1);
        Assert.Equal([first, last], (await Queue("a", maxDeliveries: 2).ReadAsync(10)).Select(i => i.Id));

        var items = await Queue("a", maxDeliveries: 2).ReadAsync(10);

        Assert.Empty(items);
        var dead = await Db.StreamRangeAsync(DeadStream);
        Assert.Equal([first, last], dead.Select(d => d["dead_entry_id"].ToString()));
        var pending = await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null);
        Assert.Equal(between, Assert.Single(pending).MessageId.ToString());
    }

    [Fact]
    public async Task Claimed_entries_report_their_own_delivery_counts_when_the_claimer_has_other_pending_entries_between()
    {
        var a = await ReadyQueueAsync("a", ClaimAfter);
        var b = Queue("b", ClaimAfter);
        var first = await AddAsync("1");
        var between = await AddAsync("2");
        var last = await AddAsync("3");
        await a.ReadAsync(1);
        await Queue("c").ReadAsync(1);
        await a.ReadAsync(1);
        await IdleAsync();
        // b takes over the middle entry just now, so it is b's but not idle.
        await Db.StreamClaimAsync(_stream, Group, "b", 0, [between]);

        var claimed = await b.ClaimIdleAsync(10);

        Assert.Equal([first, last], claimed.Select(i => i.Id));
        Assert.All(claimed, i => Assert.Equal(2, i.DeliveryCount));
    }

    [Fact]
    public async Task DeadLetter_moves_the_entry_with_its_fields_and_reason_and_acknowledges_it()
    {
        var queue = await ReadyQueueAsync("a");
        await AddAsync("bad");
        var item = Assert.Single(await queue.ReadAsync(10));

        await queue.DeadLetterAsync(item, "unparseable payload");

        var dead = Assert.Single(await Db.StreamRangeAsync(DeadStream));
        Assert.Equal("bad", (string?)dead["n"]);
        Assert.Equal("unparseable payload", (string?)dead["dead_reason"]);
        Assert.Equal(item.Id, (string?)dead["dead_entry_id"]);
        Assert.Equal("1", (string?)dead["dead_deliveries"]);
        Assert.Empty(await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null));
    }

    [Fact]
    public async Task GivingUp_hears_of_an_entry_given_up_on_with_its_reason()
    {
        var heard = new List<(string Id, string Reason)>();
        var options = new StreamWorkQueueOptions(_stream, Group, "a")
        {
            MaxDeliveries = 1,
            GivingUp = (item, reason) =>
            {
                heard.Add((item.Id, reason));
                return Task.CompletedTask;
            },
        };
        await new StreamWorkQueue(redis.Connection, options).EnsureGroupAsync();
        var poison = await AddAsync("poison");
        await new StreamWorkQueue(redis.Connection, options).ReadAsync(10);

        Assert.Empty(await new StreamWorkQueue(redis.Connection, options).ReadAsync(10));

        var (id, reason) = Assert.Single(heard);
        Assert.Equal(poison, id);
        Assert.Contains("delivered 2 times", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_dead_lettered_again_is_written_and_heard_of_once()
    {
        var heard = new List<string>();
        var options = new StreamWorkQueueOptions(_stream, Group, "a")
        {
            GivingUp = (item, _) =>
            {
                heard.Add(item.Id);
                return Task.CompletedTask;
            },
        };
        var queue = new StreamWorkQueue(redis.Connection, options);
        await queue.EnsureGroupAsync();
        await AddAsync("poison");
        var item = Assert.Single(await queue.ReadAsync(10));

        Assert.True(await queue.DeadLetterAsync(item, "first"));
        // A batch given up on is tried entry by entry, and meets the same entry again.
        Assert.False(await queue.DeadLetterAsync(item, "second"));

        var dead = Assert.Single(await Db.StreamRangeAsync(DeadStream));
        Assert.Equal("first", (string?)dead["dead_reason"]);
        Assert.Equal([item.Id], heard);
    }

    [Fact]
    public async Task An_entry_whose_GivingUp_Redis_does_not_answer_stays_pending_and_is_given_up_on_when_it_comes_back()
    {
        var heard = new List<string>();
        var options = new StreamWorkQueueOptions(_stream, Group, "a")
        {
            MaxDeliveries = 1,
            ClaimIdleAfter = TimeSpan.Zero,
            GivingUp = (item, _) =>
            {
                heard.Add(item.Id);
                // The first time, the worker's records cannot be written: Redis went away.
                return heard.Count == 1 ? throw new RedisConnectionException(ConnectionFailureType.SocketFailure, "gone") : Task.CompletedTask;
            },
        };
        var queue = new StreamWorkQueue(redis.Connection, options);
        await queue.EnsureGroupAsync();
        var poison = await AddAsync("poison");
        Assert.Single(await queue.ReadAsync(10));

        // Claimed again, past MaxDeliveries: given up on, but the hook fails.
        await Assert.ThrowsAsync<RedisConnectionException>(() => queue.ClaimIdleAsync(10));
        Assert.Empty(await Db.StreamRangeAsync(DeadStream));
        Assert.Single(await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null));

        // It comes back, and this time it goes.
        Assert.Empty(await queue.ClaimIdleAsync(10));

        var dead = Assert.Single(await Db.StreamRangeAsync(DeadStream));
        Assert.Equal(poison, (string?)dead["dead_entry_id"]);
        Assert.Equal([poison, poison], heard);
        Assert.Empty(await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null));
    }

    [Fact]
    public async Task An_entry_whose_GivingUp_fails_otherwise_is_dead_lettered_with_that_failure_in_its_reason()
    {
        var options = new StreamWorkQueueOptions(_stream, Group, "a")
        {
            GivingUp = (_, _) => throw new InvalidOperationException("the job record is unreadable"),
        };
        var queue = new StreamWorkQueue(redis.Connection, options);
        await queue.EnsureGroupAsync();
        await AddAsync("poison");
        var item = Assert.Single(await queue.ReadAsync(10));

        Assert.True(await queue.DeadLetterAsync(item, "unparseable payload"));

        var dead = Assert.Single(await Db.StreamRangeAsync(DeadStream));
        Assert.Equal("unparseable payload; giving up on it failed too: the job record is unreadable", (string?)dead["dead_reason"]);
        Assert.Empty(await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null));
    }

    [Fact]
    public async Task An_acknowledged_entry_is_not_dead_lettered()
    {
        var queue = await ReadyQueueAsync("a");
        await AddAsync("done");
        var item = Assert.Single(await queue.ReadAsync(10));
        await queue.AckAsync(item.Id);

        Assert.False(await queue.DeadLetterAsync(item, "too late"));

        Assert.Empty(await Db.StreamRangeAsync(DeadStream));
    }

    [Fact]
    public async Task Entries_carrying_secrets_are_deleted_once_acknowledged_and_dead_letters_leave_the_secret_out()
    {
        var options = new StreamWorkQueueOptions(_stream, Group, "a") { SecretFields = ["token"] };
        var queue = new StreamWorkQueue(redis.Connection, options);
        await queue.EnsureGroupAsync();
        var done = (await Db.StreamAddAsync(_stream, [new NameValueEntry("job_id", "j1"), new NameValueEntry("token", "secret-1")])).ToString();
        var dead = (await Db.StreamAddAsync(_stream, [new NameValueEntry("job_id", "j2"), new NameValueEntry("token", "secret-2")])).ToString();
        var items = await queue.ReadAsync(10);

        await queue.AckAsync(done);
        await queue.DeadLetterAsync(items.Single(i => i.Id == dead), "gave up");

        Assert.Empty(await Db.StreamRangeAsync(_stream));
        var letter = Assert.Single(await Db.StreamRangeAsync(DeadStream));
        Assert.Equal("j2", (string?)letter["job_id"]);
        Assert.True(letter["token"].IsNull);
        Assert.Empty(await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null));
    }

    [Fact]
    public async Task An_entry_kept_by_its_consumer_is_not_claimed_and_keeps_its_delivery_count()
    {
        var a = await ReadyQueueAsync("a", ClaimAfter);
        var b = Queue("b", ClaimAfter);
        var id = await AddAsync("long work");
        await a.ReadAsync(10);
        await IdleAsync();

        await a.KeepAsync(id);
        var claimed = await b.ClaimIdleAsync(10);

        Assert.Empty(claimed);
        var pending = Assert.Single(await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null));
        Assert.Equal(("a", 1), (pending.ConsumerName.ToString(), pending.DeliveryCount));
    }

    [Fact]
    public async Task A_queue_that_deletes_acknowledged_entries_keeps_only_its_backlog_in_the_stream()
    {
        var queue = new StreamWorkQueue(redis.Connection, new StreamWorkQueueOptions(_stream, Group, "a") { DeleteOnAck = true });
        await queue.EnsureGroupAsync();
        var done = await AddAsync("done");
        var waiting = await AddAsync("waiting");
        await queue.ReadAsync(1);

        await queue.AckAsync(done);

        Assert.Equal(waiting, Assert.Single(await Db.StreamRangeAsync(_stream)).Id.ToString());
        Assert.Empty(await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null));
    }

    [Fact]
    public async Task Handing_on_sets_the_writes_adds_the_entries_to_the_next_stream_and_acknowledges_together()
    {
        var queue = await ReadyQueueAsync("a");
        RedisKey next = "stream:test:next:" + Ids.New();
        RedisKey written = "test:written:" + Ids.New();
        var handed = await AddAsync("handed");
        var left = await AddAsync("left");
        await queue.ReadAsync(10);

        await queue.AckHandingOnAsync([handed], next, StreamWakeup.EmbeddedChannel, [[new NameValueEntry("id", "x"), new NameValueEntry("traceparent", "tp")]],
            [new KeyValuePair<RedisKey, RedisValue>(written, "value")]);

        Assert.Equal("value", (string?)await Db.StringGetAsync(written));
        var forwarded = Assert.Single(await Db.StreamRangeAsync(next));
        Assert.Equal(("x", "tp"), ((string?)forwarded["id"], (string?)forwarded["traceparent"]));
        var pending = Assert.Single(await Db.StreamPendingMessagesAsync(_stream, Group, 10, RedisValue.Null));
        Assert.Equal(left, pending.MessageId.ToString());
    }

    [Fact]
    public async Task Handing_on_clustering_entries_stores_the_vectors_and_carries_each_items_traceparent_into_stream_embedded()
    {
        var queue = new StreamWorkQueue(redis.Connection, QueueEntries.FeedbackQueue("embedders-" + Ids.New(), "a"));
        await queue.EnsureGroupAsync();
        var itemId = Ids.New();
        await Db.StreamAddAsync(Redis.RedisKeys.FeedbackStream, [new NameValueEntry("id", itemId), new NameValueEntry("traceparent", "tp-1")]);
        var entry = (await queue.ReadAsync(1000)).Single(e => e.ToFeedbackEntry().FeedbackId == itemId);

        await queue.HandOnEmbeddedAsync([entry.Id], [entry.ToFeedbackEntry()], [(itemId, [0.5f, 0.75f])]);

        var stored = Redis.VectorCodec.Decode(await Db.StringGetAsync(Redis.RedisKeys.FeedbackVector(itemId)), 2);
        Assert.Equal(new[] { 0.5f, 0.75f }, stored);
        var embedded = (await Db.StreamRangeAsync(Redis.RedisKeys.EmbeddedStream)).Single(e => e["id"] == itemId);
        Assert.Equal("tp-1", (string?)embedded["traceparent"]);
        Assert.DoesNotContain(await Db.StreamPendingMessagesAsync(Redis.RedisKeys.FeedbackStream, queue.Options.Group, 1000, RedisValue.Null),
            p => p.MessageId == entry.Id);
    }

    [Fact]
    public void DeadLetterStream_is_the_stream_name_with_a_dead_suffix()
    {
        var options = new StreamWorkQueueOptions("stream:feedback", "clustering", "worker-1");

        Assert.Equal("stream:feedback:dead", options.DeadLetterStream.ToString());
    }

    private RedisKey DeadStream => _stream.Append(":dead");

    private StreamWorkQueue Queue(string consumer, TimeSpan? claimIdleAfter = null, int maxDeliveries = 5, TimeProvider? clock = null) =>
        new(redis.Connection, new StreamWorkQueueOptions(_stream, Group, consumer)
        {
            ClaimIdleAfter = claimIdleAfter ?? TimeSpan.FromSeconds(30),
            MaxDeliveries = maxDeliveries,
        }, time: clock);

    private async Task<StreamWorkQueue> ReadyQueueAsync(string consumer, TimeSpan? claimIdleAfter = null, int maxDeliveries = 5)
    {
        var queue = Queue(consumer, claimIdleAfter, maxDeliveries);
        await queue.EnsureGroupAsync();
        return queue;
    }

    private async Task<string> AddAsync(string n) => (await Db.StreamAddAsync(_stream, "n", n)).ToString();
}

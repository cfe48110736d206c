using FeedbackFix.Domain.Queues;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Tests;

/// <summary>
/// A stream or its consumer group that goes while a queue runs (FLUSHALL, DEL, a restored snapshot):
/// Redis answers NOGROUP, and the queue makes the group again instead of failing every poll.
/// </summary>
public sealed class StreamWorkQueueMissingGroupTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Group = "workers";

    private readonly RedisKey _stream = "stream:test:" + Ids.New();
    private readonly FakeLogger _log = new();

    private IDatabase Db => redis.Connection.GetDatabase();

    [Fact]
    public async Task An_entry_added_after_the_stream_was_deleted_is_read_without_a_restart()
    {
        var queue = await ReadyQueueAsync();
        await AddAsync("before");
        await queue.AckAsync(Assert.Single(await queue.ReadAsync(10)).Id);

        await Db.KeyDeleteAsync(_stream);
        var after = await AddAsync("after");
        var items = await queue.ReadAsync(10);

        Assert.Equal(after, Assert.Single(items).Id);
        Assert.Equal("after", items[0]["n"]);
        Assert.Equal(Group, Assert.Single(await Db.StreamGroupInfoAsync(_stream)).Name);
    }

    [Fact]
    public async Task A_group_made_again_is_logged_once_as_a_warning()
    {
        var queue = await ReadyQueueAsync();

        await Db.KeyDeleteAsync(_stream);
        await queue.ReadAsync(10);
        await queue.ReadAsync(10);
        await queue.ClaimIdleAsync(10);

        var record = Assert.Single(_log.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Contains(_stream.ToString(), record.Message, StringComparison.Ordinal);
        Assert.Contains(Group, record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_destroyed_under_a_kept_stream_is_made_again_from_the_streams_start()
    {
        var queue = await ReadyQueueAsync();
        var unacknowledged = await AddAsync("in flight");
        await queue.ReadAsync(10);

        await Db.StreamDeleteConsumerGroupAsync(_stream, Group);
        var added = await AddAsync("new");
        var items = await queue.ReadAsync(10);

        // The new group knows nothing of the old deliveries: the entry still in the stream comes again.
        Assert.Equal([unacknowledged, added], items.Select(i => i.Id));
        Assert.All(items, i => Assert.Equal(1, i.DeliveryCount));
    }

    [Fact]
    public async Task Claiming_and_keeping_after_the_stream_was_deleted_make_the_group_again()
    {
        var queue = await ReadyQueueAsync();
        await AddAsync("in flight");
        var item = Assert.Single(await queue.ReadAsync(10));

        await Db.KeyDeleteAsync(_stream);
        var claimed = await queue.ClaimIdleAsync(10);
        await queue.KeepAsync(item.Id);

        Assert.Empty(claimed);
        Assert.Equal(Group, Assert.Single(await Db.StreamGroupInfoAsync(_stream)).Name);
    }

    [Fact]
    public async Task Giving_up_on_an_entry_whose_stream_was_deleted_moves_nothing_and_is_not_heard_of()
    {
        var heard = new List<string>();
        var queue = await ReadyQueueAsync(givingUp: (entry, _) =>
        {
            heard.Add(entry.Id);
            return Task.CompletedTask;
        });
        await AddAsync("poison");
        var item = Assert.Single(await queue.ReadAsync(10));

        await Db.KeyDeleteAsync(_stream);
        var moved = await queue.DeadLetterAsync(item, "gave up");

        Assert.False(moved);
        Assert.Empty(heard);
        Assert.Empty(await Db.StreamRangeAsync(_stream.Append(":dead")));
    }

    private async Task<StreamWorkQueue> ReadyQueueAsync(Func<WorkItem, string, Task>? givingUp = null)
    {
        var queue = new StreamWorkQueue(redis.Connection, new StreamWorkQueueOptions(_stream, Group, "a") { GivingUp = givingUp }, _log);
        await queue.EnsureGroupAsync();
        return queue;
    }

    private async Task<string> AddAsync(string n) => (await Db.StreamAddAsync(_stream, "n", n)).ToString();
}

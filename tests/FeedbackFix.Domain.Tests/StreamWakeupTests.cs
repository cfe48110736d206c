using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Queues;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Tests;

/// <summary>Readers of a stream woken when it gets new entries, over a real redis-server; the poll on a clock that never moves.</summary>
public sealed class StreamWakeupTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan NeverPolled = TimeSpan.FromHours(1);

    [Fact]
    public async Task Storing_a_report_wakes_a_reader_of_stream_feedback_before_its_poll()
    {
        await using var wakeup = await StreamWakeup.SubscribeAsync(redis.Connection, StreamWakeup.FeedbackChannel);
        var added = wakeup.Next;
        var waiting = StreamWakeup.WaitAsync(added, NeverPolled, new FakeTimeProvider(), CancellationToken.None);

        await new FeedbackStore(redis.Connection, TimeProvider.System).AddAsync(
            new NewFeedback(FeedbackSource.Manual, null, "Export drops the last row", "", null, "ann", DateTimeOffset.UtcNow), null);

        await waiting.WaitAsync(Within);
    }

    [Fact]
    public async Task Handing_entries_on_wakes_a_reader_of_stream_embedded_before_its_poll()
    {
        await using var wakeup = await StreamWakeup.SubscribeAsync(redis.Connection, StreamWakeup.EmbeddedChannel);
        var queue = new StreamWorkQueue(redis.Connection, QueueEntries.FeedbackQueue("embedders-" + Ids.New(), "a"));
        await queue.EnsureGroupAsync();
        var handedOn = wakeup.Next;
        var waiting = StreamWakeup.WaitAsync(handedOn, NeverPolled, new FakeTimeProvider(), CancellationToken.None);

        await queue.HandOnEmbeddedAsync([], [new FeedbackQueueEntry(Ids.New(), null)], []);

        await waiting.WaitAsync(Within);
    }

    [Fact]
    public async Task A_reader_that_was_not_woken_returns_when_its_poll_interval_passed()
    {
        await using var wakeup = await StreamWakeup.SubscribeAsync(redis.Connection, RedisChannel.Literal("wake:test:" + Ids.New()));
        var clock = new FakeTimeProvider();
        var waiting = StreamWakeup.WaitAsync(wakeup.Next, TimeSpan.FromMilliseconds(50), clock, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(50));

        await waiting.WaitAsync(Within);
        Assert.False(wakeup.Next.IsCompleted);
    }
}

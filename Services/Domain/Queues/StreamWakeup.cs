using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Queues;

/// <summary>
/// Tells a stream's readers that it has new entries, so an idle reader need not wait for its next
/// poll: whoever adds to <c>stream:feedback</c> or <c>stream:embedded</c> publishes on the stream's
/// channel in the same script or transaction, and a reader subscribed here wakes at once. Pub/sub
/// delivers at most once and nothing while disconnected, so readers keep polling as the safety net.
/// </summary>
public sealed class StreamWakeup : IAsyncDisposable
{
    /// <summary>The channel that announces new entries on <c>stream:feedback</c> (named in Lua scripts).</summary>
    public const string FeedbackChannelName = "wake:stream:feedback";

    /// <summary>The channel that announces new entries on <c>stream:embedded</c>.</summary>
    public const string EmbeddedChannelName = "wake:stream:embedded";

    public static readonly RedisChannel FeedbackChannel = RedisChannel.Literal(FeedbackChannelName);
    public static readonly RedisChannel EmbeddedChannel = RedisChannel.Literal(EmbeddedChannelName);

    private readonly ISubscriber _subscriber;
    private readonly RedisChannel _channel;
    private TaskCompletionSource _next = NewSignal();

    private StreamWakeup(ISubscriber subscriber, RedisChannel channel)
    {
        _subscriber = subscriber;
        _channel = channel;
    }

    /// <summary>
    /// Completes at the first announcement after it was read. Read it before looking at the stream,
    /// then wait on it (<see cref="WaitAsync"/>) if the stream had nothing: an entry added in between
    /// has completed it already.
    /// </summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Subscribes to <paramref name="channel"/>; the multiplexer subscribes again after a reconnect.</summary>
    public static async Task<StreamWakeup> SubscribeAsync(IConnectionMultiplexer redis, RedisChannel channel)
    {
        var wakeup = new StreamWakeup(redis.GetSubscriber(), channel);
        await wakeup._subscriber.SubscribeAsync(channel, (_, _) => wakeup.Wake());
        return wakeup;
    }

    /// <summary>Waits until <paramref name="next"/> (a <see cref="Next"/> read earlier) completes, or <paramref name="poll"/> passed.</summary>
    public static async Task WaitAsync(Task next, TimeSpan poll, TimeProvider time, CancellationToken cancellationToken)
    {
        using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(poll, time, stopDelay.Token);
        await Task.WhenAny(next, delay);
        await stopDelay.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _subscriber.UnsubscribeAsync(_channel);
        }
        catch (Exception ex) when (RedisOutage.Is(ex))
        {
            // Stopping while Redis is away: the subscription goes with the connection.
        }
    }

    private void Wake() => Interlocked.Exchange(ref _next, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

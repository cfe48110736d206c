using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Tests.Support;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Tests;

/// <summary>Restarting Redis needs a redis-server of the test's own.</summary>
public sealed class StreamWorkQueueRestartTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Queue_keeps_working_after_redis_restarts()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var db = dedicated.Server.Connection.GetDatabase();
        var queue = new StreamWorkQueue(dedicated.Server.Connection, new StreamWorkQueueOptions("stream:restart", "workers", "a"));
        await queue.EnsureGroupAsync();
        await db.StreamAddAsync("stream:restart", "n", "before");
        await queue.AckAsync(Assert.Single(await queue.ReadAsync(10)).Id);

        await dedicated.Server.StopAsync();
        await dedicated.Server.StartAsync();

        var after = await RetryAsync(() => db.StreamAddAsync("stream:restart", "n", "after"));
        var items = await RetryAsync(async () =>
        {
            var read = await queue.ReadAsync(10);
            return read.Count > 0 ? read : throw new InvalidOperationException("nothing read yet");
        });
        Assert.Equal(after.ToString(), Assert.Single(items).Id);
        Assert.Equal("after", items[0]["n"]);
    }

    [Fact]
    public async Task Pending_entries_survive_a_redis_restart_and_return_to_their_consumer()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var db = dedicated.Server.Connection.GetDatabase();
        var options = new StreamWorkQueueOptions("stream:restart", "workers", "a");
        var crashed = new StreamWorkQueue(dedicated.Server.Connection, options);
        await crashed.EnsureGroupAsync();
        var entry = await db.StreamAddAsync("stream:restart", "n", "in flight");
        await crashed.ReadAsync(10);

        await dedicated.Server.StopAsync();
        await dedicated.Server.StartAsync();

        var restarted = new StreamWorkQueue(dedicated.Server.Connection, options);
        var items = await RetryAsync(async () =>
        {
            var read = await restarted.ReadAsync(10);
            return read.Count > 0 ? read : throw new InvalidOperationException("nothing read yet");
        });
        Assert.Equal(entry.ToString(), Assert.Single(items).Id);
        Assert.Equal(2, items[0].DeliveryCount);
    }

    /// <summary>Until the multiplexer has reconnected, calls fail; try again briefly.</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> action)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await action();
            }
            catch (Exception ex) when (DateTime.UtcNow < deadline && ex is RedisConnectionException or RedisTimeoutException or InvalidOperationException)
            {
                await Task.Delay(100);
            }
        }
    }
}

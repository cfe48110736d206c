using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Tests;

/// <summary>
/// Stores send their many-key reads as plain pipelined commands, which wait in the client's backlog
/// while it reconnects, as single commands do (a StackExchange.Redis 2.x batch fails at once instead).
/// </summary>
public sealed class RedisReconnectTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_cluster_created_while_redis_reconnects_is_stored_once_redis_is_back()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        // As the services configure their client: reconnect attempts at a short fixed interval.
        var configuration = ConfigurationOptions.Parse(dedicated.Server.ConnectionString);
        configuration.ReconnectRetryPolicy = new LinearRetry(100);
        configuration.AsyncTimeout = (int)Patience.TotalMilliseconds;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        var stores = new StoreSet(redis);
        var itemIds = new[] { await stores.AddFeedbackAsync(), await stores.AddFeedbackAsync() };
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                lost.TrySetResult();
            }
        };

        await dedicated.Server.StopAsync();
        await lost.Task.WaitAsync(Patience);
        var creating = stores.Clusters.CreateAsync(new NewCluster("Sign-in fails", "Two reports.", itemIds));
        await dedicated.Server.StartAsync();
        var created = await creating.WaitAsync(Patience);

        var stored = await stores.Clusters.GetAsync(created.Id);
        Assert.Equal(2, stored!.Size);
        Assert.Equal(itemIds.Order(StringComparer.Ordinal), (await stores.Db.SetMembersAsync(RedisKeys.ClusterItems(created.Id))).Select(m => m.ToString()).Order(StringComparer.Ordinal));
    }
}

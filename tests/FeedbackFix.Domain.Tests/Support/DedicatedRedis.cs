using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests.Support;

/// <summary>
/// A redis-server of a test's own, for tests that assert absolute counts or restart Redis:
/// nothing another test writes can reach it, and what it answered survives a restart (<see cref="RedisServer.Durable"/>).
/// </summary>
internal sealed class DedicatedRedis : IAsyncDisposable
{
    private DedicatedRedis(RedisServer server) => Server = server;

    public RedisServer Server { get; }

    public static async Task<DedicatedRedis> StartAsync()
    {
        var server = new RedisServer { Durable = true };
        await server.InitializeAsync();
        return new DedicatedRedis(server);
    }

    public ValueTask DisposeAsync() => new(Server.DisposeAsync());
}

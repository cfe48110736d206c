using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FeedbackFix.ServiceDefaults.Redis;

/// <summary>
/// Connects the service's one multiplexer at start rather than on the first request that needs it.
/// Aspire registers it with a blocking <c>ConnectionMultiplexer.Connect</c> run by whoever resolves it
/// first, which in Ingestion was the first request: on a starved thread pool that stalled the first
/// burst for seconds. Resolving it here, in the first hosted service's <c>StartingAsync</c>, means it
/// exists before the server listens; with <c>AbortOnConnectFail</c> off the connect finishes within
/// <see cref="RedisClientOptions.ConnectTimeout"/> whether Redis answers or not, and the multiplexer keeps
/// reconnecting on its own; readiness (<see cref="RedisReadinessCheck"/>) says when it has.
/// Aspire's factory is kept (not replaced by <c>ConnectAsync</c>) because it also hands the multiplexer
/// to the Redis tracing, which has no public way in.
/// </summary>
internal sealed partial class RedisConnection(IServiceProvider services, ILogger<RedisConnection> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // Off the caller's thread: the host's start goes on with the other services meanwhile.
        var multiplexer = await Task.Run(services.GetRequiredService<IConnectionMultiplexer>, cancellationToken);
        if (multiplexer.IsConnected)
        {
            LogConnected(logger);
        }
        else
        {
            LogNotYetConnected(logger);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to Redis at start")]
    private static partial void LogConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis did not answer at start; not ready until it does, reconnecting in the background")]
    private static partial void LogNotYetConnected(ILogger logger);
}

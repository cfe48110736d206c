using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.ServiceDefaults.Redis;

/// <summary>
/// Connects the service's one multiplexer at start rather than on the first request that needs it.
/// Aspire registers it with a blocking <c>ConnectionMultiplexer.Connect</c> run by whoever resolves it
/// first, which in Ingestion was the first request: on a starved thread pool that stalled the first
/// burst for seconds. Resolving it here, in the first hosted service's <c>StartingAsync</c>, means it
/// exists before the server listens. With <c>AbortOnConnectFail</c> off the connect returns within
/// <see cref="RedisClientOptions.ConnectTimeout"/> whether Redis answers or not, and the multiplexer keeps
/// reconnecting on its own; start then waits up to <see cref="RedisClientOptions.StartTimeout"/> for the
/// first connection, so nothing in the service meets a multiplexer that is still connecting (commands
/// fail at once while disconnected). If Redis stays away the service starts anyway, not ready;
/// readiness (<see cref="RedisReadinessCheck"/>) says when it has connected.
/// Aspire's factory is kept (not replaced by <c>ConnectAsync</c>) because it also hands the multiplexer
/// to the Redis tracing, which has no public way in.
/// </summary>
internal sealed partial class RedisConnection(
    IServiceProvider services,
    IOptions<RedisClientOptions> options,
    TimeProvider time,
    ILogger<RedisConnection> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan ConnectedPollInterval = TimeSpan.FromMilliseconds(50);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // Off the caller's thread: the host's start goes on with the other services meanwhile.
        var multiplexer = await Task.Run(services.GetRequiredService<IConnectionMultiplexer>, cancellationToken);
        if (await ConnectedWithinAsync(multiplexer, options.Value.StartTimeout, cancellationToken))
        {
            LogConnected(logger);
        }
        else
        {
            LogNotYetConnected(logger, options.Value.StartTimeout);
        }
    }

    /// <summary>True once <paramref name="multiplexer"/> is connected, false if it is not within <paramref name="timeout"/>.</summary>
    private async Task<bool> ConnectedWithinAsync(IConnectionMultiplexer multiplexer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // ConnectionRestored answers at once when a reconnect succeeds; the short poll covers a first
        // connection, which the client does not announce as a restore.
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRestored(object? sender, ConnectionFailedEventArgs e) => restored.TrySetResult();
        multiplexer.ConnectionRestored += OnRestored;
        try
        {
            var started = time.GetTimestamp();
            while (!multiplexer.IsConnected && time.GetElapsedTime(started) < timeout)
            {
                await Task.WhenAny(restored.Task, Task.Delay(ConnectedPollInterval, time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                if (restored.Task.IsCompleted)
                {
                    // Another connection of the multiplexer (e.g. its subscriber) came back: wait on.
                    restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
            return multiplexer.IsConnected;
        }
        finally
        {
            multiplexer.ConnectionRestored -= OnRestored;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to Redis at start")]
    private static partial void LogConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis did not answer within {StartTimeout} of start; starting not ready, reconnecting in the background")]
    private static partial void LogNotYetConnected(ILogger logger, TimeSpan startTimeout);
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.ServiceDefaults.Redis;

/// <summary>
/// The one multiplexer of a service, connected asynchronously at start rather than synchronously
/// by the first request that needs it. Aspire's own registration connects with the blocking
/// <c>ConnectionMultiplexer.Connect</c> on first resolution, which on a starved thread pool stalled
/// the first burst of requests for seconds. With <c>AbortOnConnectFail</c> off the connect finishes
/// within <see cref="RedisClientOptions.ConnectTimeout"/> whether Redis answers or not, and the
/// multiplexer keeps reconnecting on its own; readiness (<see cref="RedisReadinessCheck"/>) says when it has.
/// </summary>
internal sealed partial class RedisConnection(IOptions<ConfigurationOptions> options, ILogger<RedisConnection> logger)
    : IHostedLifecycleService, IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connecting = new(() => ConnectAsync(options.Value, logger));

    /// <summary>
    /// The multiplexer. Once the host is starting it is already there; only a hosted service's
    /// constructor (resolved before start) can wait here, and at most one connect timeout.
    /// </summary>
    public IConnectionMultiplexer Multiplexer => _connecting.Value.IsCompletedSuccessfully
        ? _connecting.Value.Result
        : _connecting.Value.GetAwaiter().GetResult();

    public async Task StartingAsync(CancellationToken cancellationToken) =>
        await _connecting.Value.WaitAsync(cancellationToken);

    private static async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration, ILogger logger)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        if (multiplexer.IsConnected)
        {
            LogConnected(logger);
        }
        else
        {
            LogNotYetConnected(logger, configuration.EndPoints.Count);
        }
        return multiplexer;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_connecting.IsValueCreated && _connecting.Value.IsCompletedSuccessfully)
        {
            await _connecting.Value.Result.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to Redis at start")]
    private static partial void LogConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis did not answer at start ({EndPointCount} endpoint(s)); not ready until it does, reconnecting in the background")]
    private static partial void LogNotYetConnected(ILogger logger, int endPointCount);
}

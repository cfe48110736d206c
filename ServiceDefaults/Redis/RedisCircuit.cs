using FeedbackFix.ServiceDefaults.Problems;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.ServiceDefaults.Redis;

/// <summary>
/// Whether Redis can serve a request right now. It opens on the first sign of trouble (the
/// multiplexer reports a failed connection, or a command timed out) so every following request
/// gets its 503 at once instead of waiting for a timeout of its own; while open it probes Redis in
/// the background with a PING every <see cref="RedisClientOptions.ProbeInterval"/> and closes by
/// itself once one is answered.
/// </summary>
internal sealed partial class RedisCircuit(
    IServiceProvider services,
    IOptions<RedisClientOptions> options,
    TimeProvider time,
    ILogger<RedisCircuit> logger) : BackgroundService
{
    // Not tripped at start: until the multiplexer first connects, IsConnected keeps it shut to
    // requests (and readiness), with no PING to wait for once it has.
    private volatile bool _open;
    private volatile string _reason = "not connected yet";

    // Resolved when first needed, not in the constructor: hosted services are built before
    // RedisConnection has connected, off the start thread.
    private IConnectionMultiplexer Multiplexer => services.GetRequiredService<IConnectionMultiplexer>();

    /// <summary>True when requests may go to Redis: the circuit is closed and the multiplexer connected.</summary>
    public bool IsClosed => !_open && Multiplexer.IsConnected;

    /// <summary>Why the circuit is open (for readiness), or null when closed.</summary>
    public string? OpenReason => IsClosed ? null : _open ? _reason : "not connected";

    /// <summary>
    /// Opens the circuit after a connection error a request met, unless the multiplexer is connected
    /// (the error was one connection's moment, already over); the probe or the multiplexer's
    /// reconnection closes it again.
    /// </summary>
    public void TripUnlessConnected(string reason)
    {
        if (!Multiplexer.IsConnected)
        {
            Trip(reason);
        }
    }

    /// <summary>Opens the circuit; the probe, or the multiplexer's reconnection, closes it again.</summary>
    public void Trip(string reason)
    {
        _reason = reason;
        if (!_open)
        {
            _open = true;
            LogOpened(logger, reason);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var multiplexer = Multiplexer;
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_open && multiplexer.IsConnected && await AnswersPingAsync(multiplexer, stoppingToken))
                {
                    _open = false;
                    LogClosed(logger);
                }
                await Task.Delay(options.Value.ProbeInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            multiplexer.ConnectionFailed -= OnConnectionFailed;
            multiplexer.ConnectionRestored -= OnConnectionRestored;
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            Trip($"{e.FailureType} on {e.EndPoint}");
        }
    }

    // Reconnected: requests may go to Redis again without waiting for the next probe.
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive && _open)
        {
            _open = false;
            LogClosed(logger);
        }
    }

    // Any failure of the PING means "not yet": a timeout (RedisTimeoutException is no
    // RedisException) as much as a refused connection, the connection torn down under it (its
    // pipe's own error), or the PING dropped unwritten (its task cancelled). The probe must outlive all of them, and any other failure too: a probe
    // that threw would stop the service, which is worse than a circuit that stays open. A failure
    // of another kind is logged, so that it can be named here once it is known.
    private async Task<bool> AnswersPingAsync(IConnectionMultiplexer multiplexer, CancellationToken stoppingToken)
    {
        try
        {
            await multiplexer.GetDatabase().PingAsync();
            return true;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException ||
            RedisUnavailableExceptionHandler.IsConnectionTornDown(ex) || RedisUnavailableExceptionHandler.IsCommandDroppedByTheClient(ex))
        {
            return false;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogProbeFailedOtherwise(logger, ex.GetType().Name, ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis circuit probe failed with an unexpected {ExceptionType}; the circuit stays open and the probe goes on")]
    private static partial void LogProbeFailedOtherwise(ILogger logger, string exceptionType, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis circuit opened: {Reason}; requests answer 503 until a probe succeeds")]
    private static partial void LogOpened(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis circuit closed: Redis answers again")]
    private static partial void LogClosed(ILogger logger);
}

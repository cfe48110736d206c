using FeedbackFix.ServiceDefaults.Redis;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FeedbackFix.ServiceDefaults.Problems;

/// <summary>
/// Redis down or not answering: 503 with Retry-After, so clients wait and retry. The failure opens
/// the Redis circuit (when the app has one), so the requests after this one answer at once; the
/// circuit's probe and the multiplexer's reconnects bring the service back when Redis returns.
/// </summary>
internal sealed partial class RedisUnavailableExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<RedisUnavailableExceptionHandler> logger,
    RedisCircuit? circuit = null) : IExceptionHandler
{
    internal const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (RedisConnectionException or RedisTimeoutException) && !IsTransientServerState(exception) &&
            !IsConnectionTornDown(exception) && !IsCommandDroppedByTheClient(exception))
        {
            return false;
        }

        if (circuit is { OpenReason: not null })
        {
            LogRefusedWhileOpen(logger, httpContext.Request.Path.Value);
        }
        else
        {
            LogUnavailable(logger, httpContext.Request.Path.Value, exception.Message);
            // A connection that failed trips the circuit; a timeout alone may be a slow script, and
            // tripping on it would refuse everyone's requests for a slow one.
            if (exception is RedisConnectionException)
            {
                circuit?.TripUnlessConnected(exception.GetType().Name);
            }
        }
        return await ProblemAnswers.WriteAsync(problemDetails, httpContext, exception, StatusCodes.Status503ServiceUnavailable,
            "Storage unavailable", "The data store cannot serve right now; retry after the number of seconds in Retry-After.",
            RetryAfterSeconds);
    }

    /// <summary>
    /// Redis answers, but cannot serve for now: it is loading its data after a restart
    /// (<c>LOADING</c>), is a replica during a failover (<c>READONLY</c>), has lost its primary
    /// (<c>MASTERDOWN</c>), or runs a long script (<c>BUSY</c>). Retrying later succeeds, so these are
    /// 503s like an outage, never a 500.
    /// </summary>
    internal static bool IsTransientServerState(Exception exception) =>
        exception is RedisServerException { Message: var message } &&
        TransientServerErrors.Any(prefix => message.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>
    /// A connection StackExchange.Redis tore down while a command was on it: when its heartbeat judges a socket
    /// dead (a command timed out, then nothing was read for a while) it reconnects at once, and 2.x can fail the
    /// commands still on the old socket with the pipe's own <see cref="InvalidOperationException"/> ("Reading is
    /// not allowed after reader was completed" from its read loop, "Writing is not allowed after writer was
    /// completed" from a command written as the socket went; StackExchange.Redis issue 3085) instead of a
    /// <see cref="RedisConnectionException"/>. The next request finds the new connection: a 503, never a 500.
    /// </summary>
    internal static bool IsConnectionTornDown(Exception exception) =>
        exception is InvalidOperationException { StackTrace: { } trace } &&
        (trace.Contains("StackExchange.Redis.PhysicalConnection", StringComparison.Ordinal)
            || trace.Contains("StackExchange.Redis.PhysicalBridge", StringComparison.Ordinal));

    /// <summary>
    /// A command StackExchange.Redis dropped before writing it: no connection was available, or the write
    /// could not start within the timeout. 2.x cancels such a command's task, without a token, so it can
    /// surface as a <see cref="TaskCanceledException"/> rather than the connection or timeout error it stands
    /// for. A cancellation that carries a token (the request aborted, the host stopping) is not this.
    /// (The client cancels the commands queued in a transaction whose condition failed the same way; the
    /// stores never await those, so none reaches this rule.)
    /// </summary>
    internal static bool IsCommandDroppedByTheClient(Exception exception) =>
        exception is TaskCanceledException { CancellationToken.CanBeCanceled: false };

    private static readonly string[] TransientServerErrors = ["LOADING ", "READONLY ", "MASTERDOWN ", "BUSY "];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable; answering {Path} with 503: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string? path, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Redis circuit open; answering {Path} with 503")]
    private static partial void LogRefusedWhileOpen(ILogger logger, string? path);
}

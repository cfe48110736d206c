using StackExchange.Redis;

namespace FeedbackFix.Domain.Redis;

/// <summary>
/// The one rule for "Redis could not serve this, try again later" in the workers: a Redis error
/// (connection lost, server loading or refusing), a command that timed out, one on a connection
/// the client tore down, or one the client dropped before writing it. A timeout must be
/// named on its own: StackExchange.Redis's <see cref="RedisTimeoutException"/> is a
/// <see cref="TimeoutException"/>, not a <see cref="RedisException"/>, and a loop that let it
/// escape would stop its service.
/// </summary>
public static class RedisOutage
{
    public static bool Is(Exception exception) =>
        exception is RedisException or RedisTimeoutException || IsConnectionTornDown(exception) || IsCommandDroppedByTheClient(exception);

    /// <summary>
    /// A connection StackExchange.Redis tore down while a command was on it (its heartbeat judged the socket
    /// dead and reconnects at once): 2.x can fail that command with the pipe's own
    /// <see cref="InvalidOperationException"/> instead of a <see cref="RedisConnectionException"/>
    /// (StackExchange.Redis issue 3085): "Reading is not allowed after reader was completed" from its read
    /// loop (<c>PhysicalConnection</c>), and "Writing is not allowed after writer was completed" from a
    /// command written as the socket went (<c>PhysicalBridge</c>, <c>Message.WriteTo</c>). Tried again, it
    /// finds the new connection.
    /// </summary>
    private static bool IsConnectionTornDown(Exception exception) =>
        exception is InvalidOperationException { StackTrace: { } trace } &&
        (trace.Contains("StackExchange.Redis.PhysicalConnection", StringComparison.Ordinal)
            || trace.Contains("StackExchange.Redis.PhysicalBridge", StringComparison.Ordinal));

    /// <summary>
    /// A command StackExchange.Redis dropped before writing it: no connection was available, or the write
    /// could not start within the timeout. 2.x cancels such a command's task without a token, so it can
    /// surface as a <see cref="TaskCanceledException"/> instead of the connection or timeout error it stands
    /// for. A cancellation that carries a token (a worker stopping) is not an outage and is not retried.
    /// (The client cancels the commands queued in a transaction whose condition failed the same way; the
    /// stores never await those, so none reaches this rule.)
    /// </summary>
    private static bool IsCommandDroppedByTheClient(Exception exception) =>
        exception is TaskCanceledException { CancellationToken.CanBeCanceled: false };

    /// <summary>
    /// Runs <paramref name="action"/> until Redis answers it, telling each outage to
    /// <paramref name="unavailable"/> and trying again after <paramref name="retryEvery"/>: a worker
    /// starting during an outage waits for Redis instead of failing.
    /// </summary>
    public static Task RetryAsync(
        Func<Task> action, TimeSpan retryEvery, TimeProvider time, Action<Exception> unavailable, CancellationToken cancellationToken) =>
        RetryAsync(async () =>
        {
            await action();
            return true;
        }, retryEvery, time, unavailable, cancellationToken);

    /// <inheritdoc cref="RetryAsync(Func{Task}, TimeSpan, TimeProvider, Action{Exception}, CancellationToken)"/>
    public static async Task<T> RetryAsync<T>(
        Func<Task<T>> action, TimeSpan retryEvery, TimeProvider time, Action<Exception> unavailable, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await action();
            }
            catch (Exception ex) when (Is(ex))
            {
                unavailable(ex);
                await Task.Delay(retryEvery, time, cancellationToken);
            }
        }
    }
}

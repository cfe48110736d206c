using StackExchange.Redis;

namespace FeedbackFix.Domain.Redis;

/// <summary>
/// The one rule for "Redis could not serve this, try again later" in the workers: a Redis error
/// (connection lost, server loading or refusing) or a command that timed out. A timeout must be
/// named on its own: StackExchange.Redis's <see cref="RedisTimeoutException"/> is a
/// <see cref="TimeoutException"/>, not a <see cref="RedisException"/>, and a loop that let it
/// escape would stop its service.
/// </summary>
public static class RedisOutage
{
    public static bool Is(Exception exception) => exception is RedisException or RedisTimeoutException;
}

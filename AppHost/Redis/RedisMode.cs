namespace FeedbackFix.AppHost.Redis;

/// <summary>How the AppHost provides Redis, from configuration <c>Redis:Mode</c>.</summary>
internal enum RedisMode
{
    /// <summary>A container when a container runtime answers, else <see cref="Local"/>.</summary>
    Auto,
    /// <summary>Aspire's Redis container.</summary>
    Container,
    /// <summary><c>redis-server</c> from PATH, on a free port, AOF on.</summary>
    Local,
    /// <summary>A Redis that already runs: the connection string <c>ConnectionStrings:redis</c>.</summary>
    External,
}

using FeedbackFix.ServiceDefaults.Redis;
using FeedbackFix.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>The Redis client every service that stores data uses.</summary>
public static class RedisConnectionExtensions
{
    internal const string ReadinessCheckName = "redis";

    internal static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Registers <see cref="IConnectionMultiplexer"/> for the connection string <paramref name="connectionName"/>
    /// (Aspire's client: its configuration and tracing), connected at start (off the request path), with short
    /// timeouts (<see cref="RedisClientOptions"/>), commands failing at once while disconnected, and a
    /// circuit that answers 503 immediately while Redis is unreachable and closes by itself. Readiness
    /// (<c>/health</c>) is unhealthy until Redis answers; <c>/alive</c> does not depend on it.
    /// </summary>
    public static TBuilder AddRedisConnection<TBuilder>(this TBuilder builder, string connectionName) where TBuilder : IHostApplicationBuilder
    {
        var traced = TelemetryExport.IsConfigured(builder.Configuration);
        builder.AddRedisClient(connectionName, settings =>
        {
            // Aspire's own check PINGs on every probe; ours reads the circuit.
            settings.DisableHealthChecks = true;
            // Its tracing profiles every command and keeps it until the next flush (seconds later),
            // long enough to reach the older GC generations: worth it only when the spans are exported.
            settings.DisableTracing = !traced;
        });

        builder.Services.AddOptions<RedisClientOptions>()
            .BindConfiguration(RedisClientOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ConfigurationOptions>()
            .Configure<IOptions<RedisClientOptions>>((redis, client) => Apply(redis, client.Value));

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RedisConnection>();
        // First among the hosted services, so the multiplexer exists before any worker or the server starts.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<RedisConnection>()));

        builder.Services.AddSingleton<RedisCircuit>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisCircuit>());
        builder.Services.AddHealthChecks().AddCheck<RedisReadinessCheck>(ReadinessCheckName);
        return builder;
    }

    /// <summary>Our timeouts over whatever the connection string said, and fail-fast while disconnected.</summary>
    internal static void Apply(ConfigurationOptions redis, RedisClientOptions client)
    {
        redis.AbortOnConnectFail = false;
        redis.ConnectTimeout = Milliseconds(client.ConnectTimeout);
        redis.SyncTimeout = Milliseconds(client.CommandTimeout);
        redis.AsyncTimeout = Milliseconds(client.CommandTimeout);
        // Commands sent while a connection is being made again wait in the default backlog, at most
        // the command timeout: a moment's reconnect under load is not an error. Callers still learn
        // of an outage at once: the circuit, opened by the connection's failure, answers 503 first.
        redis.BacklogPolicy = BacklogPolicy.Default;
        redis.ReconnectRetryPolicy = new LinearRetry(Milliseconds(client.ReconnectInterval));
        // The client reconnects, and aborts the commands waiting in its backlog when an attempt fails,
        // only on its heartbeat (1 s by default): a request that raced a crash waited that long.
        redis.HeartbeatInterval = HeartbeatInterval;
    }

    /// <summary>Answers 503 at once while the Redis circuit is open; a no-op for an app without Redis.</summary>
    internal static void UseRedisCircuit(this WebApplication app)
    {
        if (app.Services.GetService<RedisCircuit>() is not null)
        {
            app.UseMiddleware<RedisCircuitMiddleware>();
        }
    }

    private static int Milliseconds(TimeSpan value) => (int)Math.Ceiling(value.TotalMilliseconds);
}

using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.AppHost.Redis;

internal static class RedisResourceExtensions
{
    private const string ResourceName = "redis";

    /// <summary>
    /// Adds the Redis every service uses, chosen by <c>Redis:Mode</c> (auto | container | local |
    /// external). <c>local</c> keeps its data in <c>Redis:DataDirectory</c> (default
    /// <c>.redis-data</c> beside the AppHost) with AOF on, so a restart keeps what was stored.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddFeedbackFixRedis(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["Redis:Mode"] ?? nameof(RedisMode.Auto);
        if (!Enum.TryParse<RedisMode>(configured, ignoreCase: true, out var mode))
        {
            throw new InvalidOperationException(
                $"Redis:Mode is '{configured}'; use one of: auto, container, local, external.");
        }

        if (mode == RedisMode.Auto)
        {
            mode = ContainerRuntimeAnswers() ? RedisMode.Container : RedisMode.Local;
        }

        return mode switch
        {
            // Published, the volume gets a fixed name: the default one hashes this AppHost's path on disk.
            RedisMode.Container => builder.AddRedis(ResourceName)
                .WithDataVolume(builder.ExecutionContext.IsPublishMode ? "feedbackfix-redis-data" : null)
                .WithPersistence(),
            RedisMode.External => builder.AddConnectionString(ResourceName),
            _ => builder.AddLocalRedis(),
        };
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddLocalRedis(this IDistributedApplicationBuilder builder)
    {
        var dataDirectory = Path.GetFullPath(
            builder.Configuration["Redis:DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, ".redis-data"));
        Directory.CreateDirectory(dataDirectory);

        var resource = new LocalRedisResource(ResourceName, dataDirectory);
        string? connectionString = null;
        var healthCheckKey = $"{ResourceName}-ping";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException("Redis has not started yet."),
            name: healthCheckKey);

        return builder.AddResource(resource)
            // Not behind Aspire's proxy: the services talk to redis-server itself, one hop less per
            // command, and a redis-server started again after a crash (on the same port) is reached
            // again, where the proxy would keep refusing a process it did not start.
            .WithEndpoint(name: LocalRedisResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--dir");
                context.Args.Add(dataDirectory);
                context.Args.Add("--appendonly");
                context.Args.Add("yes");
                // AOF keeps the data; RDB snapshots on top would fork every minute under load for nothing.
                context.Args.Add("--save");
                context.Args.Add("");
            })
            .OnConnectionStringAvailable(async (redis, _, cancellationToken) =>
                connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken))
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>Whether <c>docker info</c> (or podman) gets an answer from a running engine within a few seconds.</summary>
    private static bool ContainerRuntimeAnswers()
    {
        foreach (var runtime in new[] { "docker", "podman" })
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                });
                if (process is null)
                {
                    continue;
                }
                if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    process.Kill(entireProcessTree: true);
                    continue;
                }
                if (process.ExitCode == 0)
                {
                    return true;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed.
            }
        }
        return false;
    }
}

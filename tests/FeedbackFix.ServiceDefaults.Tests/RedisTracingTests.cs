using System.Collections.Concurrent;
using System.Diagnostics;
using FeedbackFix.Domain.Queues;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace FeedbackFix.ServiceDefaults.Tests;

/// <summary>
/// The Redis client's spans as a service records them: the defaults' telemetry switched on as Aspire
/// switches it on, the Redis client added as the services add it, and what reaches the exporters
/// recorded by a processor beside them.
/// </summary>
public sealed class RedisTracingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly ActivitySource Probe = new("FeedbackFix.ServiceDefaults.Tests");

    [Fact]
    public async Task An_idle_worker_poll_makes_no_span_while_a_command_inside_a_span_is_its_child()
    {
        var recorder = new RecordingProcessor();
        ActivitySpanId parentSpan;
        using (var host = BuildHost(recorder))
        {
            await host.StartAsync();
            var connection = host.Services.GetRequiredService<IConnectionMultiplexer>();
            var queue = new StreamWorkQueue(connection, new StreamWorkQueueOptions($"stream:idle-{Guid.NewGuid():N}", "workers", "worker-1"));
            await queue.EnsureGroupAsync();

            // What an idle worker does between batches: its own pending entries, new ones, idle ones to claim.
            Assert.Empty(await queue.ReadAsync(10));
            Assert.Empty(await queue.ReadAsync(10));
            Assert.Empty(await queue.ClaimIdleAsync(10));

            using (var parent = Probe.StartActivity("handle request"))
            {
                Assert.NotNull(parent);
                parentSpan = parent.SpanId;
                await connection.GetDatabase().StringSetAsync($"probe:{Guid.NewGuid():N}", "1");
            }
            await host.StopAsync();
        }
        // Disposed: the Redis instrumentation has turned every profiled command into its span.

        var redisSpans = recorder.Spans.Where(IsRedisCommand).ToList();
        Assert.Contains(redisSpans, span => span.ParentSpanId == parentSpan);
        Assert.DoesNotContain(redisSpans, span => span.ParentSpanId == default);
    }

    [Fact]
    public async Task Without_an_export_endpoint_nothing_traces_the_Redis_client()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis.ConnectionString });
        builder.AddServiceDefaults();
        builder.AddRedisConnection("redis");
        using var host = builder.Build();
        await host.StartAsync();

        // No tracer provider, so no Redis instrumentation profiling (and holding on to) each command.
        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.True(await host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().StringSetAsync($"probe:{Guid.NewGuid():N}", "1"));
        await host.StopAsync();
    }

    private IHost BuildHost(RecordingProcessor recorder)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Nothing listens there; it only switches the telemetry on, as Aspire's endpoint does.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
            ["ConnectionStrings:redis"] = redis.ConnectionString,
        });
        builder.AddServiceDefaults();
        builder.AddRedisConnection("redis");
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(recorder));
        return builder.Build();
    }

    private static bool IsRedisCommand(Activity span) =>
        span.Kind == ActivityKind.Client
        && span.TagObjects.Any(tag => tag is { Key: "db.system" or "db.system.name", Value: "redis" });

    private sealed class RecordingProcessor : BaseProcessor<Activity>
    {
        public ConcurrentQueue<Activity> Spans { get; } = new();

        public override void OnEnd(Activity data)
        {
            if (data.Recorded)
            {
                Spans.Enqueue(data);
            }
        }
    }
}

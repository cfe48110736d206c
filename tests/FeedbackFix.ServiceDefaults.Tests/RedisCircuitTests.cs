using FeedbackFix.ServiceDefaults.Redis;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.ServiceDefaults.Tests;

/// <summary>The Redis circuit over a real redis-server, its probe on a fake clock.</summary>
public sealed class RedisCircuitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_tripped_circuit_stays_open_until_the_probe_after_the_next_interval_finds_Redis_answering()
    {
        var clock = new FakeTimeProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis.ConnectionString });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddServiceDefaults();
        builder.AddRedisConnection("redis");
        using var host = builder.Build();
        await host.StartAsync();
        var circuit = host.Services.GetRequiredService<RedisCircuit>();
        // The first probe runs at start, without waiting for the clock.
        await Eventually.TrueAsync(() => circuit.IsClosed, TimeSpan.FromSeconds(10), "the circuit to close once Redis answered at start");

        circuit.Trip("a test");

        Assert.False(circuit.IsClosed);
        Assert.Equal("a test", circuit.OpenReason);
        await Eventually.TrueAsync(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            return circuit.IsClosed;
        }, TimeSpan.FromSeconds(10), "the probe to close the circuit");
        await host.StopAsync();
    }
}

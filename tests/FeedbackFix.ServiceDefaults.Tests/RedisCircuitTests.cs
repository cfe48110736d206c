using FeedbackFix.Domain.Redis;
using FeedbackFix.ServiceDefaults.Redis;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace FeedbackFix.ServiceDefaults.Tests;

/// <summary>The Redis circuit over a real redis-server, its probe on a fake clock.</summary>
public sealed class RedisCircuitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_tripped_circuit_stays_open_until_the_probe_after_the_next_interval_finds_Redis_answering()
    {
        var clock = new FakeTimeProvider();
        using var host = await StartHostAsync(redis, clock);
        var circuit = host.Services.GetRequiredService<RedisCircuit>();

        circuit.Trip("a test");

        Assert.False(circuit.IsClosed);
        Assert.Equal("a test", circuit.OpenReason);
        await ProbeUntilClosedAsync(circuit, clock, host.Services.GetRequiredService<IConnectionMultiplexer>(), TimeSpan.FromSeconds(10));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_probe_that_times_out_neither_stops_the_service_nor_the_probing()
    {
        // Its own server: this test freezes it.
        await using var frozen = new RedisServer();
        await frozen.InitializeAsync();
        var clock = new FakeTimeProvider();
        using var host = await StartHostAsync(frozen, clock, commandTimeout: TimeSpan.FromMilliseconds(200));
        var circuit = host.Services.GetRequiredService<RedisCircuit>();
        var db = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

        frozen.Pause();
        circuit.Trip("a test");
        // Each advance lets a probe send a PING that is never answered. A PING of the test's own,
        // sent after it on the same connection, times out only after the probe's did.
        for (var probe = 0; probe < 3; probe++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            // A timeout, or the torn-down connection's own error when the client's heartbeat (real time)
            // judged the frozen socket dead first: an outage either way.
            var failed = await Assert.ThrowsAnyAsync<Exception>(() => db.PingAsync());
            Assert.True(RedisOutage.Is(failed), $"the PING failed otherwise: {failed}");
        }

        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested,
            "a timed-out probe stopped the service");
        frozen.Resume();
        // Reconnecting after the freeze is the client's own work, on real time: a loaded machine slows it.
        await ProbeUntilClosedAsync(circuit, clock, host.Services.GetRequiredService<IConnectionMultiplexer>(), TimeSpan.FromSeconds(30));
        await host.StopAsync();
    }

    private static async Task<IHost> StartHostAsync(RedisServer server, FakeTimeProvider clock, TimeSpan? commandTimeout = null)
    {
        var builder = Host.CreateApplicationBuilder();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:redis"] = server.ConnectionString };
        if (commandTimeout is { } timeout)
        {
            settings[$"{RedisClientOptions.Section}:{nameof(RedisClientOptions.CommandTimeout)}"] = timeout.ToString();
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddServiceDefaults();
        builder.AddRedisConnection("redis");
        var host = builder.Build();
        await host.StartAsync();
        // The first probe runs at start, without waiting for the clock.
        await Eventually.TrueAsync(() => host.Services.GetRequiredService<RedisCircuit>().IsClosed,
            TimeSpan.FromSeconds(10), "the circuit to close once Redis answered at start");
        return host;
    }

    private static Task ProbeUntilClosedAsync(RedisCircuit circuit, FakeTimeProvider clock, IConnectionMultiplexer multiplexer, TimeSpan within) =>
        Eventually.TrueAsync(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            return circuit.IsClosed;
        }, within, () => $"the probe to close the circuit (open because '{circuit.OpenReason}'; client connected: {multiplexer.IsConnected}; {multiplexer.GetStatus()})");
}

using System.Globalization;
using StackExchange.Redis;

namespace FeedbackFix.Bench.Pipeline;

/// <summary>
/// Where Redis spends its time in a burst: its command statistics (<c>INFO commandstats</c>, the
/// microseconds spent executing each command, scripts counted under <c>EVALSHA</c>) reset when the
/// burst starts and read when it ends. Time spent reading requests and writing answers is not in them.
/// </summary>
internal sealed class RedisCommandStats
{
    private readonly IServer _server;

    private RedisCommandStats(IServer server) => _server = server;

    public sealed record Command(string Name, long Calls, long Microseconds);

    public static async Task<RedisCommandStats> StartAsync(IConnectionMultiplexer redis)
    {
        var server = redis.GetServers()[0];
        await server.ConfigResetStatisticsAsync();
        return new RedisCommandStats(server);
    }

    public async Task<IReadOnlyList<Command>> ReadAsync()
    {
        var sections = await _server.InfoAsync("commandstats");
        return [.. sections.SelectMany(s => s).Select(Parse)];
    }

    // cmdstat_hset: calls=12,usec=34,usec_per_call=2.83,rejected_calls=0,failed_calls=0
    private static Command Parse(KeyValuePair<string, string> line)
    {
        var fields = line.Value.Split(',').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
        return new Command(line.Key.Replace("cmdstat_", "", StringComparison.Ordinal).ToUpperInvariant(),
            long.Parse(fields["calls"], CultureInfo.InvariantCulture), long.Parse(fields["usec"], CultureInfo.InvariantCulture));
    }
}

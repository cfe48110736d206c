using FeedbackFix.Bench.Processes;

namespace FeedbackFix.Bench.Faults;

/// <summary>Where the AppHost's gateway is, the two keys to use, and how long each part runs.</summary>
internal sealed record FaultOptions(
    Uri Gateway,
    string ApiKey,
    string SecondApiKey,
    int Rate = 50,
    int SteadySeconds = 5,
    int OutageSeconds = 5,
    int BusyClients = 64,
    int QuietRate = 20,
    int KeysSeconds = 10)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/FeedbackFix.Bench.Faults -- [options]
        Runs against a started AppHost (dotnet run --project AppHost) whose Redis is a local redis-server.
          --gateway URL        the gateway (http://localhost:5080)
          --api-key KEY        a read-write key: the ingest load, and the busy client of the keys part
                               (the AppHost's development api-key)
          --second-key KEY     another key, the quiet client of the keys part (the development dashboard-api-key)
          --rate N             ingests per second around the Redis kill, within the key's budget (50)
          --steady S           seconds of load before the kill (5)
          --outage S           seconds Redis stays down (5)
          --busy-clients N     concurrent loops of the busy key (64)
          --quiet-rate N       requests per second of the quiet key (20)
          --keys-duration S    seconds of the keys part (10)
        """;

    public static FaultOptions Parse(string[] args)
    {
        var line = new CommandLine(args, Usage);
        var options = new FaultOptions(new Uri("http://localhost:5080"), "dev-api-key-change-me-0123456789", "dev-dashboard-api-key-change-me-0123456789");
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--gateway" => options with { Gateway = new Uri(line.Value(++i)) },
                "--api-key" => options with { ApiKey = line.Value(++i) },
                "--second-key" => options with { SecondApiKey = line.Value(++i) },
                "--rate" => options with { Rate = line.Positive(++i) },
                "--steady" => options with { SteadySeconds = line.Positive(++i) },
                "--outage" => options with { OutageSeconds = line.Positive(++i) },
                "--busy-clients" => options with { BusyClients = line.Positive(++i) },
                "--quiet-rate" => options with { QuietRate = line.Positive(++i) },
                "--keys-duration" => options with { KeysSeconds = line.Positive(++i) },
                _ => throw line.Unknown(i),
            };
        }
        return options;
    }
}

using System.Diagnostics;
using FeedbackFix.Bench.Faults;
using FeedbackFix.Bench.Processes;

// Faults under a running AppHost: Redis killed during ingest, then two API keys under load; see
// docs/benchmarks.md ("Faults under the AppHost").
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(FaultOptions.Usage);
    return 0;
}

FaultOptions options;
try
{
    options = FaultOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 64;
}

using var stop = new StopSignal();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
{
    BaseAddress = options.Gateway,
    Timeout = TimeSpan.FromSeconds(30),
};
try
{
    var outage = await RedisKill.RunAsync(http, options, stop.Token);
    var keys = await TwoKeys.RunAsync(http, options, stop.Token);
    Console.WriteLine();
    Console.WriteLine(outage);
    Console.WriteLine(keys);
    return outage.Held && keys.Held ? 0 : 1;
}
catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
{
    Console.Error.WriteLine("stopped.");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
{
    Console.Error.WriteLine($"benchmark failed: {e.Message}");
    return 2;
}

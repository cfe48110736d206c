using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace FeedbackFix.Bench.Faults;

/// <summary>
/// Ingest through the gateway at a steady rate within the key's budget; Redis is killed with SIGKILL
/// in the middle and started again after a while. What callers got during the outage, how soon ingest worked again,
/// and whether every report acknowledged with 201 is still there.
/// </summary>
internal sealed record RedisKill(
    IReadOnlyList<Sample> Before, IReadOnlyList<Sample> During, IReadOnlyList<Sample> After,
    TimeSpan? FirstStoredAfterRestart, int Lost)
{
    /// <summary>Every answer during the outage was a 503 within a second, ingest came back by itself, nothing acknowledged was lost.</summary>
    public bool Held => During.All(s => s.Status == 503 && s.Took < TimeSpan.FromSeconds(1)) && FirstStoredAfterRestart is not null && Lost == 0;

    public static async Task<RedisKill> RunAsync(HttpClient http, FaultOptions options, CancellationToken cancellationToken)
    {
        var redis = RedisProcess.FindTheAppHosts();
        Console.WriteLine($"redis-server {redis.Pid}: {string.Join(' ', redis.Arguments)} (in {redis.WorkingDirectory})");
        var client = new IngestClient(http, options.ApiKey);
        var clock = Stopwatch.StartNew();
        using var end = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var load = client.PaceAsync(options.Rate, clock, end.Token);

        await Task.Delay(TimeSpan.FromSeconds(options.SteadySeconds), cancellationToken);
        var killedAt = clock.Elapsed;
        redis.Kill();
        Console.WriteLine($"killed redis-server at {killedAt.TotalSeconds:0.0} s");
        await Task.Delay(TimeSpan.FromSeconds(options.OutageSeconds), cancellationToken);
        var restartedAt = clock.Elapsed;
        redis.StartAgain();
        Console.WriteLine($"started redis-server again at {restartedAt.TotalSeconds:0.0} s");
        await Task.Delay(TimeSpan.FromSeconds(options.SteadySeconds), cancellationToken);
        await end.CancelAsync();
        var samples = await load;

        var before = samples.Where(s => s.Started < killedAt).ToList();
        // Requests in flight at the kill are counted with the outage: they met it.
        var during = samples.Where(s => s.Started >= killedAt && s.Started < restartedAt).ToList();
        var after = samples.Where(s => s.Started >= restartedAt).ToList();
        var firstStored = after.Where(s => s.Status == 201).Select(s => s.Started + s.Took - restartedAt).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        var lost = await CountLostAsync(http, options.ApiKey, samples, cancellationToken);
        return new RedisKill(before, during, after, firstStored == TimeSpan.MaxValue ? null : firstStored, lost);
    }

    /// <summary>Reports answered 201 that GET /feedback/{id} no longer finds once Redis is back.</summary>
    private static async Task<int> CountLostAsync(HttpClient http, string apiKey, IEnumerable<Sample> samples, CancellationToken cancellationToken)
    {
        var lost = 0;
        foreach (var id in samples.Where(s => s.StoredId is not null).Select(s => s.StoredId!))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/feedback/{id}");
            request.Headers.Add("X-Api-Key", apiKey);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                lost++;
            }
        }
        return lost;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Redis killed during ingest: {Held switch { true => "held", false => "NOT HELD" }}");
        Line(text, "before the kill", Before);
        Line(text, "Redis down", During);
        Line(text, "after the restart", After);
        text.AppendLine(CultureInfo.InvariantCulture, $"  first report stored {FirstStoredAfterRestart?.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) ?? "never"} ms after redis-server started again");
        text.Append(CultureInfo.InvariantCulture, $"  acknowledged (201) but gone after recovery: {Lost}");
        return text.ToString();
    }

    internal static void Line(StringBuilder text, string name, IReadOnlyList<Sample> samples) =>
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  {name,-20} {samples.Count,6} requests; {string.Join(", ", samples.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key)} x{g.Count()}"))}; " +
            $"p50 {Percentiles.Of(samples.Select(s => s.Took), 50):0.0} ms, p99 {Percentiles.Of(samples.Select(s => s.Took), 99):0.0} ms, max {Percentiles.Of(samples.Select(s => s.Took), 100):0.0} ms");
}

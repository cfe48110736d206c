using System.Diagnostics;
using System.Net.Http.Json;

namespace FeedbackFix.Bench.Ingestion;

/// <summary>
/// The first requests a freshly started system serves: as many concurrent ingests through the
/// gateway as wrk's connections, sent the moment every /health (the gateway's /alive) has answered
/// 200, before any warm-up. Each on its own connection, as a burst of new clients would come.
/// </summary>
internal sealed record FirstBurst(IReadOnlyList<TimeSpan> Took, int Failed)
{
    public static async Task<FirstBurst> RunAsync(Uri gateway, string apiKey, int requests, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = requests }) { BaseAddress = gateway };
        var answers = await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/manual")
            {
                Content = JsonContent.Create(new { title = $"First burst report {i}", body = "Sent right after start.", author = "bench" }),
            };
            request.Headers.Add("X-Api-Key", apiKey);
            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(request, cancellationToken);
            return (clock.Elapsed, response.IsSuccessStatusCode);
        }));
        return new FirstBurst([.. answers.Select(a => a.Elapsed).Order()], answers.Count(a => !a.IsSuccessStatusCode));
    }

    public double Percentile(double percent) =>
        Took[Math.Clamp((int)Math.Ceiling(percent / 100 * Took.Count) - 1, 0, Took.Count - 1)].TotalMilliseconds;

    public override string ToString() =>
        $"first burst: {Took.Count} concurrent ingests through the gateway right after start: p50 {Percentile(50):0.0} ms, " +
        $"p99 {Percentile(99):0.0} ms, max {Percentile(100):0.0} ms, {Failed} failed";
}

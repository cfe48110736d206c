using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace FeedbackFix.Bench.Faults;

/// <summary>POST /ingest/manual through the gateway with one key, recording every answer.</summary>
internal sealed class IngestClient(HttpClient http, string apiKey)
{
    private int _sequence;

    public async Task<Sample> IngestAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _sequence);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/manual")
        {
            Content = JsonContent.Create(new { title = $"Fault bench report {number}", body = "Stored while the system is under a fault.", author = "bench" }),
        };
        request.Headers.Add("X-Api-Key", apiKey);
        var started = clock.Elapsed;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var took = clock.Elapsed - started;
            string? id = null;
            if (response.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                id = json.RootElement.GetProperty("id").GetString();
            }
            return new Sample(started, took, (int)response.StatusCode, id);
        }
        catch (HttpRequestException)
        {
            return new Sample(started, clock.Elapsed - started, 0, null);
        }
    }

    /// <summary>Closed loops: <paramref name="clients"/> requests in flight at all times until <paramref name="until"/> is cancelled.</summary>
    public async Task<List<Sample>> LoopAsync(int clients, Stopwatch clock, CancellationToken until)
    {
        var samples = new List<Sample>();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (!until.IsCancellationRequested)
            {
                try
                {
                    var sample = await IngestAsync(clock, until);
                    lock (samples)
                    {
                        samples.Add(sample);
                    }
                }
                catch (OperationCanceledException) when (until.IsCancellationRequested)
                {
                }
            }
        }));
        return samples;
    }

    /// <summary>An open loop: one request every 1/<paramref name="perSecond"/> s until <paramref name="until"/> is cancelled, whatever the answers take.</summary>
    public async Task<List<Sample>> PaceAsync(int perSecond, Stopwatch clock, CancellationToken until)
    {
        var inFlight = new List<Task<Sample>>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / perSecond));
        try
        {
            while (await timer.WaitForNextTickAsync(until))
            {
                inFlight.Add(IngestAsync(clock, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (until.IsCancellationRequested)
        {
        }
        return [.. await Task.WhenAll(inFlight)];
    }
}

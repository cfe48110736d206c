using System.Diagnostics;
using System.Net;
using System.Text;

namespace FeedbackFix.Bench.Dashboard;

/// <summary>
/// Sequential GETs, one connection kept alive per server, each timed until the last byte of the
/// answer is read. The measured requests are split into rounds in which the targets take turns,
/// so drift in the machine's load hits all of them about equally.
/// </summary>
internal sealed class HttpTiming : IDisposable
{
    /// <summary>Each inbox row links to its cluster; nothing else on the page does.</summary>
    private const string RowMarker = "href=\"/clusters/";
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>One request of each target; fails naming the first whose answer is not the page or document expected.</summary>
    /// <param name="saveTo">A folder to write each answer to, one file per target, or null.</param>
    public async Task CheckAsync(IEnumerable<HttpTarget> targets, CancellationToken cancellationToken, string? saveTo = null)
    {
        var number = 0;
        foreach (var target in targets)
        {
            var (status, body, _) = await GetAsync(target, cancellationToken);
            if (saveTo is not null)
            {
                Directory.CreateDirectory(saveTo);
                await File.WriteAllTextAsync(Path.Combine(saveTo, $"{++number:00}.txt"), $"{target.Name}\n{target.Url}\n\n{body}", cancellationToken);
            }
            if (status != HttpStatusCode.OK || !body.Contains(target.Expect, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"{target.Name} ({target.Url}) answered {(int)status} without \"{target.Expect}\":\n{body[..Math.Min(body.Length, 1_500)]}");
            }
        }
    }

    /// <summary>Whether the dashboard has the page at all (its "not found" page answers 404).</summary>
    public async Task<bool> HasPageAsync(HttpTarget target, CancellationToken cancellationToken) =>
        (await GetAsync(target, cancellationToken)).Status != HttpStatusCode.NotFound;

    public async Task<IReadOnlyList<HttpResult>> MeasureAsync(IReadOnlyList<HttpTarget> targets, int warmUp, int requests, int rounds, CancellationToken cancellationToken)
    {
        foreach (var target in targets)
        {
            for (var i = 0; i < warmUp; i++)
            {
                await GetAsync(target, cancellationToken);
            }
        }

        var times = targets.Select(_ => new List<double>(requests)).ToArray();
        var cpu = targets.Select(_ => new double[4]).ToArray();
        var errors = new int[targets.Count];
        var bytes = new long[targets.Count];
        var rows = new int[targets.Count];
        for (var round = 0; round < rounds; round++)
        {
            var perRound = requests / rounds + (round < requests % rounds ? 1 : 0);
            for (var t = 0; t < targets.Count; t++)
            {
                var before = targets[t].Stack.SampleCpu();
                for (var i = 0; i < perRound; i++)
                {
                    var (status, body, elapsed) = await GetAsync(targets[t], cancellationToken);
                    times[t].Add(elapsed);
                    if (status != HttpStatusCode.OK)
                    {
                        errors[t]++;
                    }
                    bytes[t] = Encoding.UTF8.GetByteCount(body);
                    rows[t] = targets[t].Url.AbsolutePath == "/" ? CountRows(body) : 0;
                }
                var after = targets[t].Stack.SampleCpu();
                for (var p = 0; p < cpu[t].Length; p++)
                {
                    cpu[t][p] += (after[p] - before[p]).TotalMicroseconds;
                }
            }
        }

        return [.. targets.Select((target, t) =>
        {
            times[t].Sort();
            return new HttpResult(target, times[t], errors[t], bytes[t], rows[t], [.. cpu[t].Select(us => us / times[t].Count)]);
        })];
    }

    private async Task<(HttpStatusCode Status, string Body, double Milliseconds)> GetAsync(HttpTarget target, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target.Url);
        if (target.WithKey)
        {
            request.Headers.Add("X-Api-Key", target.Stack.ApiKey);
        }
        var clock = Stopwatch.StartNew();
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, body, clock.Elapsed.TotalMilliseconds);
    }

    private static int CountRows(string body)
    {
        var count = 0;
        for (var at = body.IndexOf(RowMarker, StringComparison.Ordinal); at >= 0; at = body.IndexOf(RowMarker, at + RowMarker.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    public void Dispose() => _http.Dispose();
}

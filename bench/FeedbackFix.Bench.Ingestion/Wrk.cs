using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FeedbackFix.Bench.Ingestion;

/// <summary>Runs Debian's wrk (cheaper on CPU than any client of ours) and reads its report.</summary>
internal sealed partial class Wrk(int threads)
{
    /// <summary>wrk with <paramref name="connections"/> connections for <paramref name="seconds"/>; a Lua script and headers optional.</summary>
    public async Task<WrkResult> RunAsync(
        Uri url, int connections, int seconds, string? script, IReadOnlyList<string> headers, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-t", Invariant(threads), "-c", Invariant(connections), "-d", $"{Invariant(seconds)}s", "--timeout", "5s", "--latency" })
        {
            start.ArgumentList.Add(argument);
        }
        if (script is not null)
        {
            start.ArgumentList.Add("-s");
            start.ArgumentList.Add(script);
        }
        foreach (var header in headers)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add(header);
        }
        start.ArgumentList.Add(url.ToString());

        using var wrk = StartOrExplain(start);
        var output = wrk.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = wrk.StandardError.ReadToEndAsync(cancellationToken);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(seconds + 30));
        try
        {
            await wrk.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            wrk.Kill(entireProcessTree: true);
            throw;
        }
        if (wrk.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with code {wrk.ExitCode}: {await errors}{await output}");
        }
        return Parse(await output);
    }

    /// <summary>Reads "Requests/sec", the --latency distribution (50%, 99%) and the error lines of wrk's report.</summary>
    internal static WrkResult Parse(string report)
    {
        var rps = RequestsPerSecond().Match(report);
        var requests = RequestCount().Match(report);
        if (!rps.Success || !requests.Success)
        {
            throw new FormatException($"wrk's report has no Requests/sec or request count:\n{report}");
        }

        var non2xx = Non2xx().Match(report);
        var sockets = SocketErrors().Match(report);
        return new WrkResult(
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(report, "50"),
            Percentile(report, "99"),
            long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            sockets.Success ? sockets.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0);
    }

    private static double Percentile(string report, string percent)
    {
        foreach (Match line in LatencyLine().Matches(report))
        {
            if (line.Groups["p"].Value == percent)
            {
                var value = double.Parse(line.Groups["v"].Value, CultureInfo.InvariantCulture);
                return line.Groups["unit"].Value switch
                {
                    "us" => value / 1000,
                    "ms" => value,
                    "s" => value * 1000,
                    "m" => value * 60_000,
                    var unit => throw new FormatException($"wrk latency unit '{unit}' is unknown."),
                };
            }
        }
        throw new FormatException($"wrk's report has no {percent}% latency line (was --latency given?):\n{report}");
    }

    private static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("wrk is not on PATH: apt-get install -y wrk", e);
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s+(\d+) requests in ", RegexOptions.Multiline)]
    private static partial Regex RequestCount();

    [GeneratedRegex(@"^\s+(?<p>\d+)%\s+(?<v>[\d.]+)(?<unit>us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}

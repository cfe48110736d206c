using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace FeedbackFix.Bench.Faults;

/// <summary>
/// One key far over its budget (many closed loops) while another sends at a steady, modest rate:
/// the busy one gets 429s, the quiet one only its own answers.
/// </summary>
internal sealed record TwoKeys(IReadOnlyList<Sample> Busy, IReadOnlyList<Sample> Quiet)
{
    /// <summary>The busy key met its limit and the quiet key never did.</summary>
    public bool Held => Busy.Any(s => s.Status == 429) && Quiet.All(s => s.Status == 201);

    public static async Task<TwoKeys> RunAsync(HttpClient http, FaultOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var end = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        end.CancelAfter(TimeSpan.FromSeconds(options.KeysSeconds));
        var busy = new IngestClient(http, options.ApiKey).LoopAsync(options.BusyClients, clock, end.Token);
        var quiet = new IngestClient(http, options.SecondApiKey).PaceAsync(options.QuietRate, clock, end.Token);
        return new TwoKeys(await busy, await quiet);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Two API keys under load: {(Held ? "held" : "NOT HELD")}");
        RedisKill.Line(text, "busy key", Busy);
        RedisKill.Line(text, "quiet key", Quiet);
        return text.ToString().TrimEnd();
    }
}

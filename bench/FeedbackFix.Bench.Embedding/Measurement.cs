namespace FeedbackFix.Bench.Embedding;

/// <summary>One timed run: how many texts were embedded in how long.</summary>
public sealed record Measurement(string Name, int Texts, TimeSpan Elapsed)
{
    public double PerSecond => Texts / Elapsed.TotalSeconds;
}

namespace FeedbackFix.Ingestion.Tests.Support;

/// <summary>A clock that always says the same time, so "now" and "the future" are exact in tests.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;
}

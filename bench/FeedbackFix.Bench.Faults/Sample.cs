namespace FeedbackFix.Bench.Faults;

/// <summary>One request: when it started (from the start of the part), how long it took, its status (0: no answer), and the id stored.</summary>
internal sealed record Sample(TimeSpan Started, TimeSpan Took, int Status, string? StoredId);

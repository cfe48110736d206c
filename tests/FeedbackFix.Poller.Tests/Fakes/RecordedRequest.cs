namespace FeedbackFix.Poller.Tests.Fakes;

/// <summary>A request the fake Reddit received: when, where, with which credentials, and what it answered.</summary>
public sealed record RecordedRequest(DateTimeOffset At, string Subreddit, string? After, string? Before, string? Authorization, string? UserAgent, int Status);

namespace FeedbackFix.Poller.Tests.Fakes;

/// <summary>A post of the fake Reddit.</summary>
public sealed record FakePost(string Name, string Title, long CreatedUtc);

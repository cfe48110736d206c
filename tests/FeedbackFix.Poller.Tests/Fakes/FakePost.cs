namespace FeedbackFix.Poller.Tests.Fakes;

/// <summary>A post of the fake Reddit; without <paramref name="Selftext"/> its body is "Body of {name}".</summary>
public sealed record FakePost(string Name, string Title, long CreatedUtc, string? Selftext = null);

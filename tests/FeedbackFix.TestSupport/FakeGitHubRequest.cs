namespace FeedbackFix.TestSupport;

/// <summary>One request FakeGitHub received, recorded before it was answered.</summary>
/// <param name="Path">The full path, including the <c>/api/v3</c> prefix.</param>
/// <param name="Authorized">Whether it carried the fake's token.</param>
/// <param name="Fault">The injected fault it was answered with, e.g. "primary-rate-limit", or null.</param>
public sealed record FakeGitHubRequest(string Method, string Path, string Query, bool Authorized, DateTimeOffset At, string? Fault);

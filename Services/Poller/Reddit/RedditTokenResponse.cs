namespace FeedbackFix.Poller.Reddit;

/// <summary>The answer of Reddit's token endpoint (an <c>error</c> can come with a 200).</summary>
internal sealed record RedditTokenResponse(string? AccessToken, string? TokenType, double? ExpiresIn, string? Error);

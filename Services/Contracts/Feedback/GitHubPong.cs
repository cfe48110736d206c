namespace FeedbackFix.Contracts.Feedback;

/// <summary>The 200 for GitHub's ping, sent when a webhook is created: proves the secret matches.</summary>
public sealed record GitHubPong(long? HookId)
{
    public bool Pong => true;
}

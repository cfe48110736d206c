namespace FeedbackFix.CodingAgent.Pulls;

/// <summary>The job's pull request; <see cref="Reused"/> when it was already open for the branch.</summary>
internal sealed record OpenedPullRequest(int Number, string HtmlUrl, bool Reused);

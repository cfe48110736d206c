using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>
/// The optional body of <c>POST /clusters/{id}/start_fix</c>: the repository to fix, saved on the
/// cluster too, and instructions for the coding agent (at most 4,000 characters), kept on the job and
/// put into the agent's prompt after the issue text.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StartFixRequest(string? GithubRepoUrl = null, string? Instructions = null);

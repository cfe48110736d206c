using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>
/// The body of <c>PATCH /clusters/{id}</c>: a field left out stays as it is; "" clears an optional
/// one. <see cref="Status"/> is new, fixed or ignored (fixing, fix_proposed and regressed come only with a job, its pull
/// request or a report).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ClusterPatch(
    string? Title = null,
    string? Summary = null,
    string? Status = null,
    string? GithubRepoUrl = null,
    string? IssueTitle = null,
    string? IssueDescription = null)
{
    [JsonIgnore]
    public bool IsEmpty => this == new ClusterPatch();
}

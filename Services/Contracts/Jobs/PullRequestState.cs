using System.Text.Json.Serialization;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Contracts.Jobs;

/// <summary>Where a job's pull request stands, as GitHub's <c>pull_request</c> webhook last said: open, merged, or closed without merging.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<PullRequestState>))]
public enum PullRequestState
{
    Open,
    Merged,
    Closed,
}

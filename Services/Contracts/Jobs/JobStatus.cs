using System.Text.Json.Serialization;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Contracts.Jobs;

/// <summary>queued, launching, running, then succeeded, failed or cancelled.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<JobStatus>))]
public enum JobStatus
{
    Queued,
    Launching,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

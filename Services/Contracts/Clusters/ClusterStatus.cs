using System.Text.Json.Serialization;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>
/// Where a cluster stands: new; fixing (a job works on it); fix_proposed (its job's pull request is
/// open); fixed (the pull request was merged, or a person said so); regressed (a report arrived after
/// it was fixed); ignored by a person. Which may follow which: docs/architecture.md, "Statuses".
/// </summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ClusterStatus>))]
public enum ClusterStatus
{
    New,
    Fixing,
    Fixed,
    Ignored,
    FixProposed,
    Regressed,
}

using System.Text.Json.Serialization;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>Where a cluster stands: new, fixing (a job works on it), fixed, or ignored by a person.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ClusterStatus>))]
public enum ClusterStatus
{
    New,
    Fixing,
    Fixed,
    Ignored,
}

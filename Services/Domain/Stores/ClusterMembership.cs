using FeedbackFix.Contracts.Clusters;

namespace FeedbackFix.Domain.Stores;

/// <summary>A cluster as clustering sees it: its status and its members.</summary>
public sealed record ClusterMembership(string ClusterId, ClusterStatus Status, IReadOnlyList<string> ItemIds);

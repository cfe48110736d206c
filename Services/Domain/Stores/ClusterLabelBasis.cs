using FeedbackFix.Contracts.Clusters;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// What a generated label is built from, read from a cluster's hash: its size and counts as every
/// membership commit keeps them, the generated part of its summary ahead of the counts sentence
/// (<see cref="SummaryLead"/>), the summary as stored, and whether a person edited the labels.
/// Handed back to <see cref="ClusterMembershipStore.SetLabelsAsync"/>, which writes only while the
/// counts and the lead are still the ones read here.
/// </summary>
public sealed class ClusterLabelBasis
{
    internal ClusterLabelBasis(string clusterId, IReadOnlyList<string> guard)
    {
        ClusterId = clusterId;
        Guard = guard;
    }

    public string ClusterId { get; }

    public required long Size { get; init; }

    /// <summary>Reports per source, e.g. <c>{"reddit": 3}</c>; empty when not counted yet.</summary>
    public required SourceCounts Sources { get; init; }

    public required DateTimeOffset? FirstSeen { get; init; }

    public required DateTimeOffset? LastSeen { get; init; }

    /// <summary>
    /// The generated text the summary starts with (key terms, or a chat model's sentences); null
    /// when none was stored (the cluster was labelled before it was kept, or never).
    /// </summary>
    public required string? SummaryLead { get; init; }

    /// <summary>A chat model wrote <see cref="SummaryLead"/> (<see cref="ClusterMembershipStore.SummaryLeadByField"/>); otherwise key terms did.</summary>
    public bool LeadByModel { get; init; }

    public required string Summary { get; init; }

    /// <summary>A person edited the title or summary: generated labels leave both alone.</summary>
    public required bool EditedByPerson { get; init; }

    /// <summary>The guarded fields' values as read ("" for an absent one), in <see cref="ClusterMembershipStore"/>'s order.</summary>
    internal IReadOnlyList<string> Guard { get; }
}

using FeedbackFix.Contracts.Clusters;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// A page of clusters: of one status or all, whose title holds <see cref="TitleContains"/> (ignoring
/// case), of at least <see cref="MinSize"/> reports, in the order of <see cref="Sort"/>.
/// </summary>
public sealed record ClusterQuery(
    ClusterStatus? Status = null,
    string? TitleContains = null,
    long? MinSize = null,
    ClusterSort Sort = ClusterSort.Size,
    PageCursor? After = null,
    int Limit = 50);

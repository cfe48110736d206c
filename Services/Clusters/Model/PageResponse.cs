namespace FeedbackFix.Clusters.Model;

/// <summary>One page of a list; pass <see cref="NextCursor"/> back as <c>cursor</c> for the next.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);

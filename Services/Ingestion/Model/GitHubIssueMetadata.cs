namespace FeedbackFix.Ingestion.Model;

/// <summary>What a GitHub issue event keeps beyond the common feedback fields, stored as the item's metadata.</summary>
public sealed record GitHubIssueMetadata(
    string? Repository,
    long? Number,
    IReadOnlyList<string> Labels,
    string Action,
    string? State,
    bool? BodyTruncated);

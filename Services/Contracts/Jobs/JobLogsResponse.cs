using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Jobs;

/// <summary>Log lines in order; pass <see cref="NextAfter"/> back as <c>after</c> for more; null when there may be none.</summary>
/// <remarks><c>next_after</c> is written even when null, as a page's <c>next_cursor</c> is.</remarks>
public sealed record JobLogsResponse(
    IReadOnlyList<JobLogLine> Lines,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextAfter);

using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts;

/// <summary>One page of a list; pass <see cref="NextCursor"/> back as <c>cursor</c> for the next; null on the last page.</summary>
/// <remarks><c>next_cursor</c> is written even when null, unlike the API's other absent values: the description marks it required.</remarks>
public sealed record Page<T>(
    IReadOnlyList<T> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextCursor);

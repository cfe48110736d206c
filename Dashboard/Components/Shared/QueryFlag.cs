namespace FeedbackFix.Dashboard.Components.Shared;

/// <summary>
/// A yes/no choice kept in a page's address (<c>?singles=true</c>). Bound as text, not as <c>bool?</c>:
/// Blazor fails the whole page on a value it cannot convert, and an edited or truncated link is no
/// reason for an error page. "true" in any case is yes; anything else, or nothing, is no.
/// </summary>
public static class QueryFlag
{
    public static bool IsSet(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}

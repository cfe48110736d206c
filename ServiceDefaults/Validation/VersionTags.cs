using System.Globalization;

namespace FeedbackFix.ServiceDefaults.Validation;

/// <summary>
/// Entity tags over a stored version number, for settings a PUT replaces whole: the ETag a GET
/// answers is the version in quotes, and a PUT's If-Match names the version it was based on.
/// </summary>
public static class VersionTags
{
    public static string Of(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The version an If-Match names, or null for any version (no header, or "*"); a tag that is not
    /// one of ours is an error on the If-Match field, saying what <paramref name="what"/> answered.
    /// </summary>
    public static long? Expected(FieldErrors errors, string? ifMatch, string what)
    {
        if (ifMatch is null || ifMatch.Trim() == "*")
        {
            return null;
        }
        var text = ifMatch.Trim();
        if (text.Length > 2 && text[0] == '"' && text[^1] == '"'
            && long.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }
        errors.Add("If-Match", $"If-Match must be the ETag a GET of {what} answered, such as \"3\".");
        return null;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace FeedbackFix.Domain;

/// <summary>Record ids: opaque strings of 1-64 characters from [A-Za-z0-9_-].</summary>
public static partial class Ids
{
    public const string Pattern = "^" + Characters + "$";

    private const string Characters = "[A-Za-z0-9_-]{1,64}";

    public static bool IsValid([NotNullWhen(true)] string? id) => id is not null && IdRegex().IsMatch(id);

    /// <summary>A new id: a version-7 GUID, so ids sort roughly by creation time.</summary>
    public static string New() => Guid.CreateVersion7().ToString("N");

    // Pattern's '$' would also match before a trailing newline ("abc\n"); \z ends at the end only.
    [GeneratedRegex("^" + Characters + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}

using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace FeedbackFix.Domain;

/// <summary>Record ids: opaque strings of 1-64 characters from [A-Za-z0-9_-].</summary>
public static partial class Ids
{
    public const string Pattern = "^[A-Za-z0-9_-]{1,64}$";

    public static bool IsValid([NotNullWhen(true)] string? id) => id is not null && IdRegex().IsMatch(id);

    /// <summary>A new id: a version-7 GUID, so ids sort roughly by creation time.</summary>
    public static string New() => Guid.CreateVersion7().ToString("N");

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}

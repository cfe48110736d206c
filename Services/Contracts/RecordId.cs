using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace FeedbackFix.Contracts;

/// <summary>
/// The id of a record (feedback, cluster, job): an opaque string of 1-64 characters from
/// [A-Za-z0-9_-]. Route parameters bind to it through <see cref="TryParse(string?, IFormatProvider?, out RecordId)"/>,
/// so a malformed id is refused before a handler runs, with a 400 that names the parameter and
/// says what an id must be (the <see cref="DescriptionAttribute"/>).
/// </summary>
[Description(Rule)]
public readonly partial record struct RecordId : IParsable<RecordId>
{
    /// <summary>The rule as a regular expression, for API descriptions and messages.</summary>
    public const string Pattern = "^" + Characters + "$";

    /// <summary>What a malformed id is told, naming its field.</summary>
    public const string Rule = "1-64 characters of A-Z, a-z, 0-9, '_' or '-'";

    private const string Characters = "[A-Za-z0-9_-]{1,64}";

    private RecordId(string value) => Value = value;

    public string Value { get; }

    public static bool IsValid([NotNullWhen(true)] string? id) => id is not null && IdRegex().IsMatch(id);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out RecordId result)
    {
        result = IsValid(s) ? new RecordId(s) : default;
        return result.Value is not null;
    }

    public static RecordId Parse(string s, IFormatProvider? provider) =>
        TryParse(s, provider, out var id) ? id : throw new FormatException($"An id must be {Rule}.");

    public override string ToString() => Value ?? "";

    public static implicit operator string(RecordId id) => id.Value;

    // Pattern's '$' would also match before a trailing newline ("abc\n"); \z ends at the end only.
    [GeneratedRegex("^" + Characters + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}

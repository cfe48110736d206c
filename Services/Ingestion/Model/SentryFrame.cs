namespace FeedbackFix.Ingestion.Model;

/// <summary>One in-app stack frame of a Sentry event: where in the application's own code it failed.</summary>
public sealed record SentryFrame(string? Function, string? Filename, long? Lineno)
{
    /// <summary>As a fixer reads it: <c>function (file:line)</c>.</summary>
    public override string ToString()
    {
        var place = Lineno is { } line ? FormattableString.Invariant($"{Filename ?? "?"}:{line}") : Filename ?? "?";
        return $"{Function ?? "?"} ({place})";
    }
}

namespace FeedbackFix.CodingAgent.Git;

/// <summary>What a git command printed and how it ended.</summary>
internal sealed record GitResult(int ExitCode, string Output, string Error)
{
    /// <summary>
    /// Where git says what went wrong: its <c>fatal:</c>/<c>error:</c> lines, the remote's own words
    /// (<c>remote:</c>, e.g. a rejecting hook) and rejected refs (<c>!</c>); else the last lines it printed.
    /// </summary>
    public string Reason(int maxLines = 4)
    {
        var lines = (string.IsNullOrWhiteSpace(Error) ? Output : Error)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var telling = lines.Where(line => line.StartsWith("fatal:", StringComparison.Ordinal)
            || line.StartsWith("error:", StringComparison.Ordinal)
            || (line.StartsWith("remote:", StringComparison.Ordinal) && line.Length > "remote:".Length)
            || line.StartsWith('!')).ToList();
        var chosen = (telling.Count > 0 ? telling : [.. lines]).TakeLast(maxLines);
        var reason = string.Join(" / ", chosen);
        return reason.Length == 0 ? $"exit code {ExitCode}" : reason;
    }
}

namespace FeedbackFix.CodingAgent.Git;

/// <summary>What a git command printed and how it ended.</summary>
internal sealed record GitResult(int ExitCode, string Output, string Error)
{
    /// <summary>The last lines of stderr (else stdout): where git says what went wrong.</summary>
    public string Reason(int lines = 3)
    {
        var text = string.IsNullOrWhiteSpace(Error) ? Output : Error;
        var tail = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines);
        var reason = string.Join(" / ", tail);
        return reason.Length == 0 ? $"exit code {ExitCode}" : reason;
    }
}

namespace FeedbackFix.CodingAgent.Git;

/// <summary>
/// GitHub Actions workflows are code that GitHub runs with the repository's secrets, on push and on
/// pull requests: a workflow the agent pushed (feedback text can steer the command) could read them
/// all. So the agent never pushes a change to one, or to the repository's own actions in
/// <c>.github/actions/</c>, which workflows run by path (<c>uses: ./.github/actions/x</c>), whatever its
/// token would allow; that is left to a person. Workflows may run other files of the repository too
/// (scripts, tests): that is for the repository's settings to guard (docs/deploy.md).
/// </summary>
internal static class WorkflowFiles
{
    public const string Folder = ".github/workflows/";

    public const string ActionsFolder = ".github/actions/";

    // Named, not all of them: the list goes into the job's error, which has a length limit.
    private const int MaxNamed = 10;

    /// <summary>
    /// The paths that are, or are under, the workflows or the actions folder, or replace <c>.github</c>
    /// or either folder itself (a symbolic link, a submodule). Letter case is ignored: a checkout on a case-insensitive
    /// file system would take <c>.GitHub/Workflows</c> for the folder.
    /// </summary>
    public static IReadOnlyList<string> Among(IEnumerable<string> paths) =>
        [.. paths.Where(path => ((string[])[Folder, ActionsFolder]).Any(folder =>
                path.StartsWith(folder, StringComparison.OrdinalIgnoreCase) || path.Equals(folder[..^1], StringComparison.OrdinalIgnoreCase))
            || path.Equals(".github", StringComparison.OrdinalIgnoreCase))];

    /// <summary>The job's error: what was not pushed, which files, and why.</summary>
    public static string Refusal(IReadOnlyList<string> workflows)
    {
        var named = string.Join(", ", workflows.Take(MaxNamed).Select(Printable));
        var more = workflows.Count > MaxNamed ? $" and {workflows.Count - MaxNamed} more" : "";
        return $"not pushed: the agent command changed GitHub Actions workflow or action files ({named}{more}). "
            + "The agent does not push changes under .github/workflows/ or .github/actions/, since a workflow runs with the repository's secrets; "
            + "changes to CI workflows are left to a person";
    }

    // A file name may hold any byte but '/' and NUL; a line break in it must not split the error.
    private static string Printable(string path) =>
        string.Concat(path.Select(c => char.IsControl(c) ? '?' : c));
}

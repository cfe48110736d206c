namespace FeedbackFix.CodingAgent.Git;

/// <summary>
/// The new bare repository a push goes from (<see cref="GitWorkspace.PreparePushAsync"/>): the job's
/// branch and the base commit, and nothing the agent command could have configured.
/// </summary>
internal sealed class PushRelay : IDisposable
{
    /// <summary>Where the base commit is kept in the relay; never pushed.</summary>
    public const string BaseReference = "refs/feedbackfix/base";

    private readonly GitRunner _git;
    private readonly DirectoryInfo _directory;
    private readonly Uri _remote;
    private readonly string _reference;

    public PushRelay(GitRunner git, DirectoryInfo directory, Uri remote, string reference)
    {
        _git = git;
        _directory = directory;
        _remote = remote;
        _reference = reference;
    }

    /// <summary>
    /// Every path the push would change: between the base and the branch, and in any of the branch's
    /// own commits (a file added by one commit and removed by the next still travels with the push).
    /// Renames count as a deletion and an addition, so both names are listed.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangedFilesAsync(CancellationToken cancellationToken)
    {
        var net = await _git.RunCheckedAsync(
            _directory.FullName, "listing the changed files",
            ["diff", "--no-renames", "--no-ext-diff", "--name-only", "-z", BaseReference, _reference, "--"],
            cancellationToken, isolated: true);
        // --root and -m: a commit without a parent and each side of a merge count too.
        var commits = await _git.RunCheckedAsync(
            _directory.FullName, "listing the files of the new commits",
            ["log", "--no-renames", "--no-ext-diff", "--name-only", "-z", "--format=", "--root", "-m", $"{BaseReference}..{_reference}", "--"],
            cancellationToken, isolated: true);
        return [.. (net + "\0" + commits)
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Pushes the branch to the URL cloned from. Forced, because the branch belongs to this job: a
    /// second attempt replaces what an earlier one pushed.
    /// </summary>
    public Task PushAsync(CancellationToken cancellationToken) =>
        _git.RunCheckedAsync(
            _directory.FullName, "git push",
            ["push", "--force", "--quiet", "--no-verify", "--", _remote.AbsoluteUri, $"{_reference}:{_reference}"],
            cancellationToken, authenticated: true, isolated: true);

    public void Dispose() => _directory.Delete(recursive: true);
}

namespace FeedbackFix.CodingAgent.Git;

/// <summary>
/// The clone the agent command works in: cloned from the remote's default branch (or a chosen
/// base), on a branch of its own, committed and pushed when the command changed something.
/// </summary>
internal sealed class GitWorkspace
{
    private readonly GitRunner _git;

    private readonly Uri _remote;

    private GitWorkspace(GitRunner git, Uri remote, string directory, string baseBranch, string baseCommit)
    {
        _git = git;
        _remote = remote;
        Directory = directory;
        BaseBranch = baseBranch;
        BaseCommit = baseCommit;
    }

    public string Directory { get; }

    /// <summary>The branch the clone started from; the pull request goes against it.</summary>
    public string BaseBranch { get; }

    public string BaseCommit { get; }

    /// <summary>Clones <paramref name="remote"/> into <paramref name="directory"/> (which must not exist yet).</summary>
    public static async Task<GitWorkspace> CloneAsync(GitRunner git, Uri remote, string directory, string? baseBranch, int depth, CancellationToken cancellationToken)
    {
        List<string> arguments = ["clone", "--no-tags"];
        if (baseBranch is not null)
        {
            arguments.AddRange(["--branch", baseBranch]);
        }
        if (depth > 0)
        {
            arguments.AddRange(["--depth", depth.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        arguments.AddRange(["--", remote.AbsoluteUri, directory]);
        await git.RunCheckedAsync(null, "git clone", arguments, cancellationToken, authenticated: true);

        var branch = (await git.RunCheckedAsync(directory, "reading the default branch", ["symbolic-ref", "--short", "HEAD"], cancellationToken)).Trim();
        var commit = (await git.RunCheckedAsync(directory, "reading the base commit", ["rev-parse", "HEAD"], cancellationToken)).Trim();
        return new GitWorkspace(git, remote, directory, branch, commit);
    }

    public Task CreateBranchAsync(string branch, CancellationToken cancellationToken) =>
        _git.RunCheckedAsync(Directory, $"creating branch {branch}", ["checkout", "-b", branch], cancellationToken);

    /// <summary>
    /// Whether the command left anything to push: uncommitted changes (tracked or new files), or
    /// commits of its own (some agents commit as they go).
    /// </summary>
    public async Task<bool> HasChangesAsync(CancellationToken cancellationToken)
    {
        var status = await _git.RunCheckedAsync(Directory, "git status", ["status", "--porcelain"], cancellationToken);
        if (!string.IsNullOrWhiteSpace(status))
        {
            return true;
        }
        var head = (await _git.RunCheckedAsync(Directory, "reading HEAD", ["rev-parse", "HEAD"], cancellationToken)).Trim();
        return head != BaseCommit;
    }

    /// <summary>Commits whatever is not committed yet; nothing to commit (the command committed itself) is fine.</summary>
    public async Task CommitAllAsync(string message, CancellationToken cancellationToken)
    {
        await _git.RunCheckedAsync(Directory, "git add", ["add", "--all"], cancellationToken);
        var staged = await _git.RunAsync(Directory, ["diff", "--cached", "--quiet"], cancellationToken);
        if (staged.ExitCode == 0)
        {
            return;
        }
        // --no-verify: hooks of the repository under repair are the agent command's business, not the commit's.
        await _git.RunCheckedAsync(Directory, "git commit", ["commit", "--no-verify", "--quiet", "--message", message], cancellationToken);
    }

    /// <summary>
    /// Pushes HEAD to <paramref name="branch"/> of the URL cloned from (not "origin", which the
    /// command could have pointed elsewhere). Forced, because the branch belongs to this job: a
    /// second attempt replaces what an earlier one pushed.
    /// </summary>
    public Task PushAsync(string branch, CancellationToken cancellationToken) =>
        _git.RunCheckedAsync(Directory, "git push", ["push", "--force", "--quiet", "--no-verify", _remote.AbsoluteUri, $"HEAD:refs/heads/{branch}"], cancellationToken, authenticated: true);
}

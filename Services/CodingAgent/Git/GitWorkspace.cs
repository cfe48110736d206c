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
    /// <remarks>
    /// Not from the clone: the command could have left settings in its .git/config (url.*.pushInsteadOf,
    /// credential.helper, http.proxy, http.extraHeader, include.path...) or in the home folder
    /// that would apply to a push that carries the credentials. HEAD is fetched into a new bare
    /// repository (the clone's config has no say in where a fetch into another repository goes,
    /// and no credentials are involved), which pushes with no config beyond what <c>git init</c> wrote.
    /// </remarks>
    public async Task PushAsync(string branch, CancellationToken cancellationToken)
    {
        var relay = System.IO.Directory.CreateTempSubdirectory("feedbackfix-push-");
        try
        {
            var reference = $"refs/heads/{branch}";
            await _git.RunCheckedAsync(relay.FullName, "preparing the push", ["init", "--quiet", "--bare", "--template=", "."], cancellationToken, isolated: true);
            await _git.RunCheckedAsync(relay.FullName, "copying the branch for the push", ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--update-shallow", "--", Directory, $"+HEAD:{reference}"], cancellationToken, isolated: true);
            await _git.RunCheckedAsync(relay.FullName, "git push", ["push", "--force", "--quiet", "--no-verify", "--", _remote.AbsoluteUri, $"{reference}:{reference}"], cancellationToken, authenticated: true, isolated: true);
        }
        finally
        {
            relay.Delete(recursive: true);
        }
    }
}

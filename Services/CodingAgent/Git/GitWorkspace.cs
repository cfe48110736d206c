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
    /// Copies HEAD, as <paramref name="branch"/>, and the base commit into a new bare repository, from
    /// which the push goes to the URL cloned from (not "origin", which the command could have pointed
    /// elsewhere), once what is in it has been looked at.
    /// </summary>
    /// <remarks>
    /// Not from the clone: the command could have left settings in its .git/config (url.*.pushInsteadOf,
    /// credential.helper, http.proxy, http.extraHeader, include.path...) or in the home folder
    /// that would apply to a push that carries the credentials, and refs (refs/replace/...) that would
    /// make the clone show other files than those pushed. The fetch into another repository is that
    /// repository's business (no credentials are involved) and takes objects as they are, so the
    /// relay holds exactly what will be pushed, with no config beyond what <c>git init</c> wrote.
    /// </remarks>
    public async Task<PushRelay> PreparePushAsync(string branch, CancellationToken cancellationToken)
    {
        var relay = System.IO.Directory.CreateTempSubdirectory("feedbackfix-push-");
        try
        {
            var reference = $"refs/heads/{branch}";
            await _git.RunCheckedAsync(relay.FullName, "preparing the push", ["init", "--quiet", "--bare", "--template=", "."], cancellationToken, isolated: true);
            await _git.RunCheckedAsync(
                relay.FullName,
                "copying the branch for the push",
                ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--update-shallow", "--", Directory, $"+HEAD:{reference}", $"+{BaseCommit}:{PushRelay.BaseReference}"],
                cancellationToken,
                isolated: true);
            return new PushRelay(_git, relay, _remote, reference);
        }
        catch
        {
            relay.Delete(recursive: true);
            throw;
        }
    }
}

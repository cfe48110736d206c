namespace FeedbackFix.TestSupport;

/// <summary>
/// A bare repository standing in for GitHub's git side: <c>{base}/{owner}/{repo}.git</c> with one
/// commit on <c>main</c>, reachable as <c>GIT_BASE_URL = file://{base}/</c>.
/// </summary>
public sealed class GitRemote : IDisposable
{
    private readonly DirectoryInfo _root;

    private GitRemote(DirectoryInfo root, string bare)
    {
        _root = root;
        BareDirectory = bare;
    }

    public string BareDirectory { get; }

    public Uri BaseUrl => new(Path.Combine(_root.FullName, "remote") + "/");

    public static GitRemote Create(string owner, string repo)
    {
        var root = Directory.CreateTempSubdirectory("feedbackfix-remote-");
        var bare = Path.Combine(root.FullName, "remote", owner, $"{repo}.git");
        Directory.CreateDirectory(bare);
        GitCli.Run(bare, "init", "--quiet", "--bare", "--initial-branch=main");

        var seed = Path.Combine(root.FullName, "seed");
        Directory.CreateDirectory(seed);
        GitCli.Run(seed, "init", "--quiet", "--initial-branch=main");
        File.WriteAllText(Path.Combine(seed, "README.md"), "# app\n");
        GitCli.Run(seed, "add", "README.md");
        GitCli.Run(seed, "commit", "--quiet", "-m", "Initial commit");
        GitCli.Run(seed, "push", "--quiet", bare, "main");
        return new GitRemote(root, bare);
    }

    public IReadOnlyList<string> Branches() =>
        GitCli.Run(BareDirectory, "for-each-ref", "--format=%(refname:short)", "refs/heads/")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string Show(string revision, string path) => GitCli.Run(BareDirectory, "show", $"{revision}:{path}");

    /// <summary>Subject, author name and email of a commit, one per line.</summary>
    public string[] CommitInfo(string revision) =>
        GitCli.Run(BareDirectory, "log", "-1", "--format=%s%n%an%n%ae", revision).TrimEnd('\n').Split('\n');

    public IReadOnlyList<string> Files(string revision) =>
        GitCli.Run(BareDirectory, "ls-tree", "-r", "--name-only", revision).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

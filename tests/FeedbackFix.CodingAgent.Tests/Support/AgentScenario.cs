using FeedbackFix.CodingAgent.Tests.Fakes;
using FeedbackFix.GitHub;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Octokit;

namespace FeedbackFix.CodingAgent.Tests.Support;

/// <summary>
/// Everything outside the agent, on this machine: FakeGitHub with an issue in acme/app, a bare git
/// remote seeded with one commit, and the fake backend; plus an environment that points the agent
/// at all three with short intervals.
/// </summary>
public sealed class AgentScenario : IAsyncDisposable
{
    public const string Owner = "acme";
    public const string Repo = "app";

    private AgentScenario(FakeGitHub gitHub, FakeBackend backend, GitRemote remote, Issue issue)
    {
        GitHub = gitHub;
        Backend = backend;
        Remote = remote;
        Issue = issue;
    }

    public FakeGitHub GitHub { get; }

    public FakeBackend Backend { get; }

    public GitRemote Remote { get; }

    public Issue Issue { get; }

    public string JobId => Backend.JobId;

    public string Branch => $"feedbackfix/job-{JobId}";

    public static async Task<AgentScenario> StartAsync(string issueTitle = "Saving a draft crashes the app", string issueBody = "Tapping save on a long draft closes the app.")
    {
        var gitHub = await FakeGitHub.StartAsync();
        var client = GitHubClientFactory.Create(new GitHubOptions { Token = gitHub.Token, ApiUrl = gitHub.ApiUrl });
        var issue = await client.Issue.Create(Owner, Repo, new NewIssue(issueTitle) { Body = issueBody });
        var backend = await FakeBackend.StartAsync(jobId: "job-" + Guid.NewGuid().ToString("N")[..10]);
        return new AgentScenario(gitHub, backend, GitRemote.Create(Owner, Repo), issue);
    }

    /// <summary>The agent's environment for <paramref name="command"/>, with reporting intervals short enough for tests.</summary>
    public Dictionary<string, string> Environment(string command) => new()
    {
        ["JOB_ID"] = JobId,
        ["JOB_TOKEN"] = Backend.Token,
        ["BACKEND_URL"] = Backend.Url.AbsoluteUri,
        ["ISSUE_URL"] = Issue.HtmlUrl,
        ["REPO_URL"] = $"https://github.com/{Owner}/{Repo}",
        ["CLUSTER_ID"] = "cluster-7",
        ["AGENT_COMMAND"] = command,
        ["GITHUB_API_URL"] = GitHub.ApiUrl,
        ["GIT_BASE_URL"] = Remote.BaseUrl.AbsoluteUri,
        ["GITHUB_TOKEN"] = GitHub.Token,
        ["AGENT_HEARTBEAT_SECONDS"] = "5",
        ["AGENT_LOG_BATCH_SECONDS"] = "0.1",
        ["AGENT_REPORT_RETRY_DELAY_SECONDS"] = "0.05",
    };

    public Task<int> RunAsync(Dictionary<string, string> environment, CancellationToken cancellationToken = default) =>
        AgentEntry.RunAsync(environment, NullLoggerFactory.Instance, TimeProvider.System, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Backend.DisposeAsync();
        await GitHub.DisposeAsync();
        Remote.Dispose();
    }
}

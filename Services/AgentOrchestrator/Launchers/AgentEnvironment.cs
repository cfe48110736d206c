namespace FeedbackFix.AgentOrchestrator.Launchers;

/// <summary>The environment variable names the coding agent reads.</summary>
public static class AgentEnvironment
{
    public const string JobId = "JOB_ID";
    public const string JobToken = "JOB_TOKEN";
    public const string BackendUrl = "BACKEND_URL";
    public const string IssueUrl = "ISSUE_URL";
    public const string RepoUrl = "REPO_URL";
    public const string ClusterId = "CLUSTER_ID";
    public const string AgentCommand = "AGENT_COMMAND";
    public const string GitHubApiUrl = "GITHUB_API_URL";
    public const string GitBaseUrl = "GIT_BASE_URL";

    /// <summary>
    /// Given to a local agent process from the orchestrator's own setting; an ECS task gets it from
    /// its task definition's secret reference. Never part of a job or of <see cref="AgentLaunch"/>.
    /// </summary>
    public const string GitHubToken = "GITHUB_TOKEN";
}

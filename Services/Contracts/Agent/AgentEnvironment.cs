namespace FeedbackFix.Contracts.Agent;

/// <summary>
/// The environment variable names of the coding agent, in one place: the orchestrator's launchers
/// set the first group and the CodingAgent reads them, so the two cannot drift apart.
/// </summary>
public static class AgentEnvironment
{
    // The launcher contract: set for each job by JobLauncher (and the launchers).
    public const string JobId = "JOB_ID";
    public const string JobToken = "JOB_TOKEN";
    public const string BackendUrl = "BACKEND_URL";
    public const string IssueUrl = "ISSUE_URL";
    public const string RepoUrl = "REPO_URL";
    public const string ClusterId = "CLUSTER_ID";
    public const string AgentCommand = "AGENT_COMMAND";
    public const string GitHubApiUrl = "GITHUB_API_URL";
    public const string GitBaseUrl = "GIT_BASE_URL";
    /// <summary>The job's instructions from whoever started the fix; set only when there are some.</summary>
    public const string Instructions = "AGENT_INSTRUCTIONS";

    /// <summary>
    /// Given to a local agent process from the orchestrator's own setting; an ECS task gets it from
    /// its task definition's secret reference. Never part of a job or of <c>AgentLaunch</c>.
    /// </summary>
    public const string GitHubToken = "GITHUB_TOKEN";

    // The agent's own knobs, all optional with defaults: set in the task definition (or the
    // environment of a local agent), never per job.
    public const string HeartbeatSeconds = "AGENT_HEARTBEAT_SECONDS";
    public const string LogBatchLines = "AGENT_LOG_BATCH_LINES";
    public const string LogBatchSeconds = "AGENT_LOG_BATCH_SECONDS";
    public const string CommandTimeoutSeconds = "AGENT_COMMAND_TIMEOUT_SECONDS";
    public const string GitTimeoutSeconds = "AGENT_GIT_TIMEOUT_SECONDS";
    public const string GitAuthorName = "AGENT_GIT_AUTHOR_NAME";
    public const string GitAuthorEmail = "AGENT_GIT_AUTHOR_EMAIL";
    public const string BaseBranch = "AGENT_BASE_BRANCH";
    public const string CloneDepth = "AGENT_CLONE_DEPTH";
    public const string ReportRetries = "AGENT_REPORT_RETRIES";
    public const string ReportRetryDelaySeconds = "AGENT_REPORT_RETRY_DELAY_SECONDS";
    /// <summary>
    /// Comma-separated names of variables the command inherits on purpose (a model's API key) whose
    /// values the agent masks in everything it reports, like its own tokens.
    /// </summary>
    public const string SecretVariables = "AGENT_SECRET_VARIABLES";

    // What the agent gives its AGENT_COMMAND, besides IssueUrl, RepoUrl, JobId and ClusterId above.
    /// <summary>The prompt as a file path (outside the clone).</summary>
    public const string PromptFile = "FEEDBACKFIX_PROMPT_FILE";
    /// <summary>The prompt as text, cut to fit one environment variable.</summary>
    public const string Prompt = "FEEDBACKFIX_PROMPT";
    public const string Branch = "FEEDBACKFIX_BRANCH";
    public const string BaseBranchForCommand = "FEEDBACKFIX_BASE_BRANCH";
    public const string IssueNumber = "ISSUE_NUMBER";
    public const string IssueTitle = "ISSUE_TITLE";
}

namespace FeedbackFix.CodingAgent.Settings;

/// <summary>
/// The environment the agent reads. The first group matches the orchestrator's
/// <c>AgentEnvironment</c> (the launcher contract); the <c>AGENT_*</c> knobs are the agent's own
/// and all have defaults. The agent does not reference the orchestrator, so the names are repeated here.
/// </summary>
internal static class AgentVariables
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
    public const string GitHubToken = "GITHUB_TOKEN";

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

    /// <summary>Given to the agent command: the prompt as a file path (outside the clone) and as text.</summary>
    public const string PromptFile = "FEEDBACKFIX_PROMPT_FILE";
    public const string Prompt = "FEEDBACKFIX_PROMPT";
    public const string Branch = "FEEDBACKFIX_BRANCH";
    public const string BaseBranchForCommand = "FEEDBACKFIX_BASE_BRANCH";
    public const string IssueNumber = "ISSUE_NUMBER";
    public const string IssueTitle = "ISSUE_TITLE";
}

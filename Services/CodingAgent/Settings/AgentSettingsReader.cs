using System.Globalization;
using FeedbackFix.CodingAgent.Reporting;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Agent;
using FeedbackFix.GitHub;

namespace FeedbackFix.CodingAgent.Settings;

/// <summary>
/// Reads <see cref="AgentSettings"/> from the environment and names every variable that is missing
/// or unusable, so one failed report lists them all. Values of tokens never appear in a problem.
/// </summary>
internal static class AgentSettingsReader
{
    public const string DefaultGitHubApiUrl = "https://api.github.com/";
    public const string DefaultGitBaseUrl = "https://github.com/";
    public const string DefaultAuthorName = "FeedbackFix Agent";
    public const string DefaultAuthorEmail = "feedbackfix-agent@users.noreply.github.com";

    public static SettingsReadResult Read(IReadOnlyDictionary<string, string> environment)
    {
        var problems = new List<string>();
        string? Value(string name) => environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        string? Required(string name)
        {
            var value = Value(name);
            if (value is null)
            {
                problems.Add($"{name} is not set");
            }
            return value;
        }

        var jobId = Required(AgentEnvironment.JobId);
        if (jobId is not null && !RecordId.IsValid(jobId))
        {
            problems.Add($"{AgentEnvironment.JobId} '{jobId}' is not a job id ({RecordId.Rule})");
            jobId = null;
        }
        var jobToken = Required(AgentEnvironment.JobToken);
        var backendUrl = HttpUrl(AgentEnvironment.BackendUrl, Required(AgentEnvironment.BackendUrl), problems);
        var target = jobId is not null && jobToken is not null && backendUrl is not null ? new ReportingTarget(jobId, jobToken, backendUrl) : null;

        var issueUrl = Required(AgentEnvironment.IssueUrl);
        GitHubIssueRef? issue = null;
        if (issueUrl is not null && !GitHubIssueRef.TryParse(issueUrl, out issue))
        {
            problems.Add($"{AgentEnvironment.IssueUrl} '{issueUrl}' is not a GitHub issue URL (https://github.com/{{owner}}/{{repo}}/issues/{{n}})");
        }
        var repoUrl = Required(AgentEnvironment.RepoUrl);
        GitHubRepository? repository = null;
        if (repoUrl is not null && !GitHubRepository.TryParse(repoUrl, out repository))
        {
            problems.Add($"{AgentEnvironment.RepoUrl} '{repoUrl}' is not a GitHub repository URL (https://github.com/{{owner}}/{{repo}})");
        }
        var clusterId = Required(AgentEnvironment.ClusterId);
        if (clusterId is not null && !RecordId.IsValid(clusterId))
        {
            problems.Add($"{AgentEnvironment.ClusterId} '{clusterId}' is not a cluster id ({RecordId.Rule})");
        }
        // The command is taken as written: leading or trailing blanks may matter to the shell.
        var command = environment.TryGetValue(AgentEnvironment.AgentCommand, out var rawCommand) && !string.IsNullOrWhiteSpace(rawCommand) ? rawCommand : null;
        if (command is null)
        {
            problems.Add($"{AgentEnvironment.AgentCommand} is not set");
        }
        var gitHubToken = Required(AgentEnvironment.GitHubToken);
        var apiUrl = HttpUrl(AgentEnvironment.GitHubApiUrl, Value(AgentEnvironment.GitHubApiUrl) ?? DefaultGitHubApiUrl, problems);
        var gitBaseUrl = GitBaseUrl(Value(AgentEnvironment.GitBaseUrl) ?? DefaultGitBaseUrl, problems);

        var heartbeat = Seconds(AgentEnvironment.HeartbeatSeconds, Value(AgentEnvironment.HeartbeatSeconds), 30, 0.05, 3_600, problems);
        var batchLines = Integer(AgentEnvironment.LogBatchLines, Value(AgentEnvironment.LogBatchLines), 100, 1, JobReporter.MaxLinesPerReport, problems);
        var batchInterval = Seconds(AgentEnvironment.LogBatchSeconds, Value(AgentEnvironment.LogBatchSeconds), 2, 0.01, 600, problems);
        var commandTimeout = Seconds(AgentEnvironment.CommandTimeoutSeconds, Value(AgentEnvironment.CommandTimeoutSeconds), 3_600, 0.1, 7 * 24 * 3_600, problems);
        var gitTimeout = Seconds(AgentEnvironment.GitTimeoutSeconds, Value(AgentEnvironment.GitTimeoutSeconds), 600, 1, 24 * 3_600, problems);
        var cloneDepth = Integer(AgentEnvironment.CloneDepth, Value(AgentEnvironment.CloneDepth), 0, 0, int.MaxValue, problems);
        var retries = Integer(AgentEnvironment.ReportRetries, Value(AgentEnvironment.ReportRetries), ReportRetry.Default.MaxRetries, 0, 20, problems);
        var retryDelay = Seconds(AgentEnvironment.ReportRetryDelaySeconds, Value(AgentEnvironment.ReportRetryDelaySeconds), ReportRetry.Default.BaseDelay.TotalSeconds, 0.001, 60, problems);
        var baseBranch = Value(AgentEnvironment.BaseBranch);
        if (baseBranch is not null && (baseBranch.StartsWith('-') || baseBranch.Any(char.IsWhiteSpace)))
        {
            problems.Add($"{AgentEnvironment.BaseBranch} '{baseBranch}' is not a branch name");
        }

        // Entries are counted, not quoted: one that is not a name may be the secret itself, pasted in by mistake.
        var notNames = EnvironmentSecrets.Names(Value(AgentEnvironment.SecretVariables))
            .Select((name, index) => (Name: name, Position: index + 1))
            .Where(entry => !EnvironmentSecrets.IsVariableName(entry.Name))
            .Select(entry => entry.Position.ToString(CultureInfo.InvariantCulture))
            .ToList();
        if (notNames.Count > 0)
        {
            problems.Add($"{AgentEnvironment.SecretVariables} must be comma-separated variable names (letters, digits, '_'); {(notNames.Count == 1 ? $"entry {notNames[0]} is not one" : $"entries {string.Join(", ", notNames)} are not")}");
        }

        if (problems.Count > 0)
        {
            return new SettingsReadResult(null, target, problems);
        }

        var settings = new AgentSettings
        {
            Target = target!,
            Issue = issue!,
            Repository = repository!,
            ClusterId = clusterId!,
            AgentCommand = command!,
            GitHubToken = gitHubToken!,
            GitHubApiUrl = apiUrl!,
            GitBaseUrl = gitBaseUrl!,
            Batching = new LogBatching(batchLines, batchInterval, heartbeat),
            ReportRetry = ReportRetry.Default with { MaxRetries = retries, BaseDelay = retryDelay },
            CommandTimeout = commandTimeout,
            GitTimeout = gitTimeout,
            AuthorName = Value(AgentEnvironment.GitAuthorName) ?? DefaultAuthorName,
            AuthorEmail = Value(AgentEnvironment.GitAuthorEmail) ?? DefaultAuthorEmail,
            BaseBranch = baseBranch,
            CloneDepth = cloneDepth,
            Instructions = Value(AgentEnvironment.Instructions),
        };
        return new SettingsReadResult(settings, target, problems);
    }

    private static Uri? HttpUrl(string name, string? value, List<string> problems)
    {
        if (value is null)
        {
            return null;
        }
        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            return url;
        }
        problems.Add($"{name} '{value}' is not an http(s) URL");
        return null;
    }

    private static Uri? GitBaseUrl(string value, List<string> problems)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" or "file" && url.UserInfo.Length == 0)
        {
            // A base without a trailing slash would lose its last segment when the repository path is resolved against it.
            return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        }
        problems.Add($"{AgentEnvironment.GitBaseUrl} is not an https, http or file URL without credentials");
        return null;
    }

    private static TimeSpan Seconds(string name, string? value, double fallback, double min, double max, List<string> problems)
    {
        if (value is null)
        {
            return TimeSpan.FromSeconds(fallback);
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= min && seconds <= max)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        problems.Add($"{name} '{value}' must be a number of seconds from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        return TimeSpan.FromSeconds(fallback);
    }

    private static int Integer(string name, string? value, int fallback, int min, int max, List<string> problems)
    {
        if (value is null)
        {
            return fallback;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }
        problems.Add($"{name} '{value}' must be a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        return fallback;
    }

}

using FeedbackFix.CodingAgent.Git;
using FeedbackFix.CodingAgent.Reporting;
using FeedbackFix.CodingAgent.Settings;
using FeedbackFix.Contracts.Agent;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Json;
using FeedbackFix.GitHub;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackFix.CodingAgent;

/// <summary>
/// Reads the environment, reports a bad one as the job's failure when it can, and otherwise wires
/// the parts of a run together. Tests call it in process with an environment of their own.
/// </summary>
internal static partial class AgentEntry
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> environment, ILoggerFactory loggers, TimeProvider time, CancellationToken stop)
    {
        var logger = loggers.CreateLogger(typeof(AgentEntry).FullName!);
        var read = AgentSettingsReader.Read(environment);
        if (read.Target is not { } target)
        {
            // Without the job id, its token and the backend there is nobody to tell but the console.
            LogCannotStart(logger, string.Join("; ", read.Problems));
            return ExitCodes.InvalidEnvironment;
        }

        environment.TryGetValue(AgentEnvironment.GitHubToken, out var gitHubToken);
        // The model's keys too: the command inherits them, and prints what it likes (env, a stack trace).
        var masker = new SecretMasker([
            target.JobToken,
            gitHubToken,
            read.Settings is { } s ? GitCredentials.For(s.GitBaseUrl, s.GitHubToken)?.HeaderSecret : null,
            .. EnvironmentSecrets.Values(environment),
        ]);
        using var http = JobReporter.CreateHttpClient(target.BackendUrl, read.Settings?.ReportRetry ?? ReportRetry.Default, time);
        var reporter = new JobReporter(http, target.JobId, target.JobToken, masker, time, loggers.CreateLogger<JobReporter>());

        if (read.Settings is not { } settings)
        {
            var message = $"invalid agent environment: {string.Join("; ", read.Problems)}";
            LogInvalidEnvironment(logger, target.JobId, masker.Apply(message));
            try
            {
                await reporter.SendAsync(new JobReport(JobStatus.Failed.ToApiName(), Error: message), stop);
            }
            catch (Exception e) when (e is JobEndedException or JobReportException or OperationCanceledException)
            {
                LogFailureNotReported(logger, target.JobId, masker.Apply(e.Message));
            }
            return ExitCodes.InvalidEnvironment;
        }

        var gitHubOptions = new GitHubOptions { Token = settings.GitHubToken, ApiUrl = settings.GitHubApiUrl.AbsoluteUri };
        var github = GitHubClientFactory.Create(gitHubOptions, "FeedbackFix-CodingAgent");
        var calls = new GitHubCalls(Options.Create(gitHubOptions), time, loggers.CreateLogger<GitHubCalls>());
        var run = new AgentRun(settings, reporter, github, calls, masker, time, loggers);
        return await run.RunAsync(stop);
    }

    /// <summary>This process's environment as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value ?? "", StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Error, Message = "The agent cannot start or report: {Problems}")]
    private static partial void LogCannotStart(ILogger logger, string problems);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: {Problem}")]
    private static partial void LogInvalidEnvironment(ILogger logger, string jobId, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: the failure could not be reported: {Reason}")]
    private static partial void LogFailureNotReported(ILogger logger, string jobId, string reason);
}

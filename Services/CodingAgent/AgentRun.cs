using FeedbackFix.CodingAgent.Command;
using FeedbackFix.CodingAgent.Git;
using FeedbackFix.CodingAgent.Pulls;
using FeedbackFix.CodingAgent.Reporting;
using FeedbackFix.CodingAgent.Settings;
using FeedbackFix.Contracts.Agent;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Json;
using FeedbackFix.GitHub;
using Microsoft.Extensions.Logging;
using Octokit;

namespace FeedbackFix.CodingAgent;

/// <summary>
/// One job from start to end: report running, read the issue, clone, branch, run the agent
/// command with its output streamed to the job's log, then commit, push and open the pull request
/// (or note that nothing changed), and report how it ended. A 409 from the backend or a stop
/// signal ends the run early, with the command killed.
/// </summary>
internal sealed partial class AgentRun(
    AgentSettings settings,
    JobReporter reporter,
    IGitHubClient github,
    GitHubCalls calls,
    SecretMasker masker,
    TimeProvider time,
    ILoggerFactory loggers)
{
    public const string NoChangeNote = "no change needed: the agent command made no change";
    public const int MaxPromptInEnvironment = 30_000;

    // A stopped agent has until SIGKILL (ECS: stopTimeout, 30 s by default) to say so.
    private static readonly TimeSpan LastWordTimeout = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = loggers.CreateLogger<AgentRun>();

    private bool _pushed;

    /// <summary>The closing report once the pull request is open; whatever ends the run after that reports it.</summary>
    private JobReport? _succeeded;

    public async Task<int> RunAsync(CancellationToken stop)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Exception? reportingStopped = null;
        var batcher = new LogBatcher(reporter, settings.Batching, time, loggers.CreateLogger<LogBatcher>(), e =>
        {
            reportingStopped = e;
            run.Cancel();
        });

        try
        {
            await reporter.SendAsync(new JobReport(JobStatus.Running.ToApiName(), [$"FeedbackFix coding agent started for job {settings.JobId}: {settings.Issue.WebUrl}"]), run.Token);
        }
        catch (Exception e) when (e is JobEndedException or JobReportException or OperationCanceledException)
        {
            return Ended(e);
        }
        LogRunning(settings.JobId, settings.Issue.ToString());

        // The closing report is not cut short by the stop itself: it gets LastWordTimeout after it.
        using var closing = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var stopping = stop.Register(() => closing.CancelAfter(LastWordTimeout));
        batcher.Start(run.Token);
        var work = Directory.CreateTempSubdirectory("feedbackfix-agent-");
        try
        {
            var outcome = await WorkAsync(work.FullName, batcher, run.Token);
            await batcher.CompleteAsync();
            if (reportingStopped is not null)
            {
                return await EndedAsync(reportingStopped, closing.Token);
            }
            return await FinalReportAsync(outcome, ExitCodes.Succeeded, closing.Token);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            await batcher.CompleteAsync();
            if (reportingStopped is not null)
            {
                return await EndedAsync(reportingStopped, closing.Token);
            }
            if (_succeeded is { } succeeded)
            {
                LogStoppedAfterPullRequest(settings.JobId);
                return await FinalReportAsync(succeeded, ExitCodes.Succeeded, closing.Token);
            }
            LogStoppedBySignal(settings.JobId);
            var failure = new JobReport(JobStatus.Failed.ToApiName(), Error: "the agent was stopped (SIGTERM) before it finished");
            await FinalReportAsync(await WithOpenPullRequestAsync(failure, closing.Token), ExitCodes.Stopped, closing.Token);
            return ExitCodes.Stopped;
        }
        catch (Exception e)
        {
            await batcher.CompleteAsync();
            if (reportingStopped is not null)
            {
                return await EndedAsync(reportingStopped, closing.Token);
            }
            if (_succeeded is { } succeeded)
            {
                LogFailedAfterPullRequest(settings.JobId, masker.Apply(e.Message));
                return await FinalReportAsync(succeeded, ExitCodes.Succeeded, closing.Token);
            }
            var reason = e is AgentFailure or GitException or GitHubFailure ? e.Message : $"the agent failed unexpectedly: {e.GetType().Name}: {e.Message}";
            LogFailed(settings.JobId, masker.Apply(reason));
            var failure = new JobReport(JobStatus.Failed.ToApiName(), Error: reason);
            var code = await FinalReportAsync(await WithOpenPullRequestAsync(failure, closing.Token), ExitCodes.Failed, closing.Token);
            return code == ExitCodes.Succeeded ? ExitCodes.Failed : code;
        }
        finally
        {
            TryDelete(work);
        }
    }

    private async Task<JobReport> WorkAsync(string work, LogBatcher batcher, CancellationToken cancellationToken)
    {
        ValueTask Log(string line) => batcher.AddAsync(line, cancellationToken);

        await Log($"Reading issue {settings.Issue}");
        var issue = await calls.RunAsync(
            $"read issue {settings.Issue}",
            _ => github.Issue.Get(settings.Issue.Repository.Owner, settings.Issue.Repository.Name, settings.Issue.Number),
            cancellationToken);
        var prompt = AgentPrompt.Build(settings.Issue, issue.Title, issue.Body, settings.Repository, settings.ClusterId, settings.Instructions);
        // Beside the clone, not in it: the prompt must not end up in the commit.
        var promptFile = Path.Combine(work, "prompt.md");
        await File.WriteAllTextAsync(promptFile, prompt, cancellationToken);

        var git = new GitRunner(
            GitCredentials.For(settings.GitBaseUrl, settings.GitHubToken),
            new Dictionary<string, string>
            {
                ["GIT_AUTHOR_NAME"] = settings.AuthorName,
                ["GIT_AUTHOR_EMAIL"] = settings.AuthorEmail,
                ["GIT_COMMITTER_NAME"] = settings.AuthorName,
                ["GIT_COMMITTER_EMAIL"] = settings.AuthorEmail,
            },
            settings.GitTimeout,
            time,
            loggers.CreateLogger<GitRunner>());
        await Log($"Cloning {settings.Repository}");
        var clone = await GitWorkspace.CloneAsync(git, settings.CloneUrl, Path.Combine(work, "repo"), settings.BaseBranch, settings.CloneDepth, cancellationToken);
        await clone.CreateBranchAsync(settings.Branch, cancellationToken);
        await Log($"Cloned {settings.Repository} at {clone.BaseBranch} {clone.BaseCommit[..Math.Min(12, clone.BaseCommit.Length)]}; working on branch {settings.Branch}");

        await Log("Running the agent command");
        var command = new AgentCommand(settings.AgentCommand, settings.CommandTimeout, time, loggers.CreateLogger<AgentCommand>());
        var result = await command.RunAsync(clone.Directory, CommandEnvironment(promptFile, prompt, issue.Title, clone.BaseBranch), batcher.AddAsync, cancellationToken);
        if (result.TimedOut)
        {
            throw new AgentFailure($"agent command timed out after {settings.CommandTimeout.TotalSeconds:0.###} s and was killed");
        }
        if (result.ExitCode != 0)
        {
            throw new AgentFailure($"agent command exited with code {result.ExitCode}");
        }
        await Log("The agent command finished");

        if (!await clone.HasChangesAsync(cancellationToken))
        {
            await Log("Nothing changed; no pull request");
            return new JobReport(JobStatus.Succeeded.ToApiName(), Note: NoChangeNote);
        }

        var title = PullRequestText.Title(settings.Issue, issue.Title);
        await clone.CommitAllAsync(title, cancellationToken);
        // Anything a planted git filter or signing program started during the commit must not watch the push.
        ProcessProtection.KillLeftovers(_logger);
        using (var relay = await clone.PreparePushAsync(settings.Branch, cancellationToken))
        {
            // Looked at in the relay, which holds exactly what would be pushed, not in the clone the command had.
            var workflows = WorkflowFiles.Among(await relay.ChangedFilesAsync(cancellationToken));
            if (workflows.Count > 0)
            {
                LogWorkflowsNotPushed(settings.JobId, workflows.Count);
                throw new AgentFailure(WorkflowFiles.Refusal(workflows));
            }
            _pushed = true;   // set before: a push cut short may still have reached the remote
            await relay.PushAsync(cancellationToken);
        }
        await Log($"Pushed branch {settings.Branch}");

        var opener = new PullRequestOpener(github, calls);
        var pull = await opener.OpenAsync(
            settings.Repository,
            settings.Branch,
            clone.BaseBranch,
            title,
            PullRequestText.Body(settings.Issue, settings.Repository, settings.JobId, settings.ClusterId),
            cancellationToken);
        // From here the job has its result: a stop or a 409 that comes now must not lose it.
        _succeeded = new JobReport(JobStatus.Succeeded.ToApiName(), PrUrl: pull.HtmlUrl, Note: pull.Reused
            ? $"pushed {settings.Branch} to the open pull request #{pull.Number}"
            : $"opened pull request #{pull.Number} from {settings.Branch}");
        LogPullRequestOpened(settings.JobId, settings.Branch, pull.HtmlUrl);
        await Log(pull.Reused ? $"Updated the open pull request #{pull.Number}: {pull.HtmlUrl}" : $"Opened pull request #{pull.Number}: {pull.HtmlUrl}");
        await RecordPullRequestAsync(pull.HtmlUrl, cancellationToken);
        return _succeeded;
    }

    /// <summary>
    /// Reports the pull request's link at once rather than only in the closing report: should the
    /// backend be out of reach when the run ends, the job still names its pull request, so GitHub's
    /// deliveries about it find the job. Refused or unreachable now, the closing report carries it again.
    /// </summary>
    private async Task RecordPullRequestAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            await reporter.SendAsync(new JobReport(PrUrl: url), cancellationToken);
        }
        catch (Exception e) when (e is JobEndedException or JobReportException)
        {
            // A 409 keeps the link too (the backend records a pull request reported for an ended job).
            LogPullRequestNotRecordedYet(settings.JobId, masker.Apply(e.Message));
        }
    }

    private Dictionary<string, string> CommandEnvironment(string promptFile, string prompt, string issueTitle, string baseBranch) => new()
    {
        [AgentEnvironment.PromptFile] = promptFile,
        // Linux refuses an environment string over 128 KiB (of UTF-8, up to 4 bytes a character);
        // the file always has the whole prompt.
        [AgentEnvironment.Prompt] = prompt.Length <= MaxPromptInEnvironment ? prompt : prompt[..MaxPromptInEnvironment],
        [AgentEnvironment.IssueUrl] = settings.Issue.WebUrl,
        [AgentEnvironment.IssueNumber] = settings.Issue.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [AgentEnvironment.IssueTitle] = issueTitle,
        [AgentEnvironment.RepoUrl] = settings.Repository.WebUrl,
        [AgentEnvironment.JobId] = settings.JobId,
        [AgentEnvironment.ClusterId] = settings.ClusterId,
        [AgentEnvironment.Branch] = settings.Branch,
        [AgentEnvironment.BaseBranchForCommand] = baseBranch,
    };

    /// <summary>Sends the closing report; a 409 or an unreachable backend changes the exit code, not the outcome.</summary>
    private async Task<int> FinalReportAsync(JobReport report, int exitCode, CancellationToken cancellationToken)
    {
        try
        {
            await reporter.SendAsync(report, cancellationToken);
            LogReported(settings.JobId, report.Status);
            return exitCode;
        }
        catch (Exception e) when (e is JobEndedException or JobReportException or OperationCanceledException)
        {
            return Ended(e);
        }
    }

    /// <summary>
    /// A failure carries the pull request open for the job's branch, if there is one (opened by this
    /// attempt just before it failed, or by an earlier one), so no pull request goes unreported.
    /// </summary>
    private async Task<JobReport> WithOpenPullRequestAsync(JobReport failure, CancellationToken cancellationToken)
    {
        using var lastWord = new CancellationTokenSource(LastWordTimeout, time);
        using var lookup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lastWord.Token);
        try
        {
            var open = await new PullRequestOpener(github, calls).FindOpenAsync(settings.Repository, settings.Branch, lookup.Token);
            return open is null ? failure : failure with
            {
                PrUrl = open.HtmlUrl,
                Note = $"pull request #{open.Number} is open for {settings.Branch}; it may not have this attempt's changes",
            };
        }
        catch (Exception e) when (e is GitHubFailure or OperationCanceledException)
        {
            LogPullRequestLookupFailed(settings.JobId, masker.Apply(e.Message));
            return failure;
        }
    }

    /// <summary>
    /// The backend has ended the job (409) or cannot be reached. After a push, the pull request is
    /// still sent: the backend keeps a pull request reported for an ended job (and answers 409 again).
    /// </summary>
    private async Task<int> EndedAsync(Exception reason, CancellationToken cancellationToken)
    {
        if (reason is JobEndedException && (_succeeded is not null || _pushed))
        {
            var late = _succeeded is { } succeeded
                ? succeeded with { Note = $"{succeeded.Note}; the job had already ended" }
                : await WithOpenPullRequestAsync(new JobReport(JobStatus.Failed.ToApiName(), Error: "the job ended while the agent was opening its pull request"), cancellationToken);
            if (late.PrUrl is not null)
            {
                try
                {
                    await reporter.SendAsync(late, cancellationToken);
                }
                catch (Exception e) when (e is JobEndedException or JobReportException or OperationCanceledException)
                {
                    // 409 is the expected answer; the pull request has been recorded all the same.
                }
            }
        }
        return Ended(reason);
    }

    private int Ended(Exception reason)
    {
        switch (reason)
        {
            case JobEndedException:
                LogJobEnded(settings.JobId, reason.Message);
                return ExitCodes.JobEnded;
            case OperationCanceledException:
                LogStoppedBeforeReport(settings.JobId);
                return ExitCodes.Stopped;
            default:
                LogCannotReport(settings.JobId, masker.Apply(reason.Message));
                return ExitCodes.Failed;
        }
    }

    private void TryDelete(DirectoryInfo work)
    {
        try
        {
            work.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogWorkFolderNotDeleted(work.FullName, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} running for issue {Issue}")]
    private partial void LogRunning(string jobId, string issue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} stopped by a signal after its pull request was opened; reporting it succeeded")]
    private partial void LogStoppedAfterPullRequest(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} stopped by a signal; reporting it failed")]
    private partial void LogStoppedBySignal(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} went wrong after its pull request was opened ({Reason}); reporting it succeeded")]
    private partial void LogFailedAfterPullRequest(string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed: {Reason}")]
    private partial void LogFailed(string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the agent command changed {WorkflowCount} GitHub Actions workflow files; nothing is pushed")]
    private partial void LogWorkflowsNotPushed(string jobId, int workflowCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} pushed {Branch} and has pull request {PullRequestUrl}")]
    private partial void LogPullRequestOpened(string jobId, string branch, string pullRequestUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} reported {JobStatus}")]
    private partial void LogReported(string jobId, string? jobStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: could not look for an open pull request: {Reason}")]
    private partial void LogPullRequestLookupFailed(string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} has already ended ({Reason}); stopping")]
    private partial void LogJobEnded(string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} stopped before its report was sent")]
    private partial void LogStoppedBeforeReport(string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} cannot report to the backend: {Reason}")]
    private partial void LogCannotReport(string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the work folder {WorkFolder}: {Reason}")]
    private partial void LogWorkFolderNotDeleted(string workFolder, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the pull request's link was not recorded yet ({Reason}); the closing report carries it")]
    private partial void LogPullRequestNotRecordedYet(string jobId, string reason);
}

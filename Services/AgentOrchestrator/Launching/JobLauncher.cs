using System.Collections.Concurrent;
using FeedbackFix.AgentOrchestrator.Issues;
using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.Contracts.Agent;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.GitHub;
using Microsoft.Extensions.Options;

namespace FeedbackFix.AgentOrchestrator.Launching;

/// <summary>
/// Takes one queued job to running: <c>launching</c>, the cluster's GitHub issue (opened unless
/// recorded), the agent through the job's launcher, the task reference, <c>running</c>. A job
/// delivered again does neither step twice: the issue URL is recorded before the launch, and
/// launchers start one task per job attempt.
/// </summary>
public sealed partial class JobLauncher(
    JobStore jobs,
    ClusterStore clusters,
    IssueOpener issues,
    AgentLaunchers launchers,
    IOptions<OrchestratorOptions> options,
    IOptions<GitHubOptions> github,
    ILogger<JobLauncher> logger)
{
    private static readonly JobStatus[] NotLaunched = [JobStatus.Queued, JobStatus.Launching];

    private readonly ConcurrentDictionary<string, string> _lastTransientFailure = new();

    public async Task<LaunchOutcome> LaunchAsync(string jobId, string? token, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(jobId);
        if (job is null || StatusTransitions.IsTerminal(job.Status) || (job.Status == JobStatus.Running && job.TaskRef is not null))
        {
            // Gone, ended (cancelled while queued) or launched already: nothing to do.
            return LaunchOutcome.Done;
        }
        if (string.IsNullOrEmpty(token))
        {
            await FailAsync(job, "the job's queue entry carried no token, so no agent could report for it");
            return LaunchOutcome.Done;
        }
        if (launchers.Find(job.Launcher) is not { } launcher)
        {
            await FailAsync(job, $"the orchestrator has no launcher '{job.Launcher}' (it has: {launchers.Configured}); check Fixes:Launcher");
            return LaunchOutcome.Done;
        }

        if (job.Status == JobStatus.Queued)
        {
            var moved = await jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Launching,
                Logs: [$"orchestrator: launching attempt {job.Attempt} with the '{launcher.Name}' launcher"]));
            if (moved.Outcome != ChangeOutcome.Changed)
            {
                // Launching already: another replica holds the same entry (claimed after a missed keep-alive)
                // and is launching it. The entry stays until that launch ends and acknowledges it.
                return moved.Record is { Status: JobStatus.Launching } ? LaunchOutcome.TryAgainLater : LaunchOutcome.Done;
            }
            job = moved.Record!;
        }

        var request = 0;
        try
        {
            // Checked before anything else so a fix without GitHub access fails at once, naming the setting.
            GitHubClientFactory.Create(github.Value);
            var issueUrl = IsIn(job.IssueUrl, job.RepoUrl) ? job.IssueUrl! : await IssueUrlAsync(job, cancellationToken);
            request = await jobs.LaunchRefusalsAsync(job.Id);
            var taskRef = await OrchestratorTelemetry.TracedAsync(() => OrchestratorTelemetry.StartAgentLaunch(launcher.Name, job.Attempt),
                () => launcher.LaunchAsync(new AgentLaunch(job.Id, job.ClusterId, job.Attempt, AgentVariables(job, token, issueUrl), request), cancellationToken));
            await RecordLaunchAsync(job, launcher, taskRef);
            _lastTransientFailure.TryRemove(job.Id, out _);
            return LaunchOutcome.Done;
        }
        catch (GitHubFailure ex) when (!ex.IsTransient)
        {
            await FailAsync(job, ex.Message);
        }
        catch (AgentLaunchException ex) when (!ex.IsTransient)
        {
            await FailAsync(job, ex.Message);
        }
        catch (Exception ex) when (ex is GitHubFailure or AgentLaunchException)
        {
            if (ex is AgentLaunchException { RetryAsNewRequest: true })
            {
                await jobs.CountLaunchRefusalAsync(job.Id, request);
            }
            _lastTransientFailure[job.Id] = ex.Message;
            LogTryAgain(job.Id, ex.Message);
            await jobs.ChangeAsync(job.Id, new JobChanges(Logs: [$"orchestrator: launch attempt failed, trying again later: {ex.Message}"]));
            return LaunchOutcome.TryAgainLater;
        }
        return LaunchOutcome.Done;
    }

    /// <summary>
    /// The queue is giving up on a job's entry: the job fails with the last reason it could not be
    /// launched, unless it got going after all (its agent reports; the entry was only unacknowledged),
    /// before the entry moves to the dead letters. Heard of again (the move failed after it), it fails
    /// nothing twice.
    /// </summary>
    public async Task GiveUpAsync(string jobId, string reason)
    {
        // Forgotten only once the job is failed: a give-up that fails comes again with the same reason.
        var last = _lastTransientFailure.TryGetValue(jobId, out var failure) ? failure : reason;
        var reasonGiven = $"the agent could not be launched: {last}";
        if (await jobs.FailAsync(jobId, reasonGiven, onlyFrom: NotLaunched))
        {
            LogFailed(jobId, reasonGiven);
        }
        _lastTransientFailure.TryRemove(jobId, out _);
    }

    /// <summary>Remembers why a try went wrong unexpectedly, for the message if the job is given up on.</summary>
    public void RememberFailure(string jobId, string reason) => _lastTransientFailure[jobId] = reason;

    private async Task<string> IssueUrlAsync(AgentJob job, CancellationToken cancellationToken)
    {
        var cluster = await clusters.GetAsync(job.ClusterId)
            ?? throw new AgentLaunchException($"cluster '{job.ClusterId}' no longer exists", isTransient: false);

        var issueUrl = IsIn(cluster.IssueUrl, job.RepoUrl)
            ? cluster.IssueUrl!
            : await issues.OpenAsync(cluster, job.RepoUrl, cancellationToken);
        await jobs.ChangeAsync(job.Id, new JobChanges(IssueUrl: issueUrl, Logs: [$"orchestrator: GitHub issue {issueUrl}"]));
        return issueUrl;
    }

    /// <summary>Whether a recorded issue belongs to the job's repository (the cluster's repository may have changed since).</summary>
    private static bool IsIn(string? issueUrl, string repoUrl) =>
        GitHubIssueRef.TryParse(issueUrl, out var issue) && GitHubRepository.TryParse(repoUrl, out var repository)
        && string.Equals(issue.Repository.Owner, repository.Owner, StringComparison.OrdinalIgnoreCase)
        && string.Equals(issue.Repository.Name, repository.Name, StringComparison.OrdinalIgnoreCase);

    private Dictionary<string, string> AgentVariables(AgentJob job, string token, string issueUrl)
    {
        var settings = options.Value;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AgentEnvironment.JobId] = job.Id,
            [AgentEnvironment.JobToken] = token,
            [AgentEnvironment.BackendUrl] = settings.BackendUrl,
            [AgentEnvironment.IssueUrl] = issueUrl,
            [AgentEnvironment.RepoUrl] = job.RepoUrl,
            [AgentEnvironment.ClusterId] = job.ClusterId,
            [AgentEnvironment.GitHubApiUrl] = github.Value.ApiUrl,
        };
        if (!string.IsNullOrWhiteSpace(settings.AgentCommand))
        {
            variables[AgentEnvironment.AgentCommand] = settings.AgentCommand;
        }
        if (!string.IsNullOrWhiteSpace(settings.GitBaseUrl))
        {
            variables[AgentEnvironment.GitBaseUrl] = settings.GitBaseUrl;
        }
        if (!string.IsNullOrWhiteSpace(job.Instructions))
        {
            variables[AgentEnvironment.Instructions] = job.Instructions;
        }
        return variables;
    }

    private async Task RecordLaunchAsync(AgentJob job, IAgentLauncher launcher, string taskRef)
    {
        var started = await jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Running, TaskRef: taskRef,
            Logs: [$"orchestrator: agent started ({launcher.Name} task {taskRef})"]));
        if (started.Outcome == ChangeOutcome.Changed)
        {
            LogLaunched(job.Id, launcher.Name, taskRef);
            return;
        }
        if (started.Record is not { } current)
        {
            return;
        }

        // The agent may report running, or even finish, before the launch is recorded; a job
        // cancelled or failed meanwhile must not leave its agent running: noted again now that its
        // task is known, the reconciler stops it (and keeps trying until that works).
        await jobs.ChangeAsync(job.Id, new JobChanges(TaskRef: taskRef));
        if (current.Status is JobStatus.Cancelled or JobStatus.Failed)
        {
            LogStoppingEnded(job.Id, current.Status.ToRedis());
            await jobs.StopLaterAsync(job.Id);
        }
    }

    private async Task FailAsync(AgentJob job, string reason)
    {
        LogFailed(job.Id, reason);
        await jobs.FailAsync(job.Id, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Launched job {JobId} with {Launcher} as task {TaskRef}")]
    private partial void LogLaunched(string jobId, string launcher, string taskRef);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed to launch: {Reason}")]
    private partial void LogFailed(string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} could not be launched now and will be tried again: {Reason}")]
    private partial void LogTryAgain(string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} became {JobStatus} while launching; its agent is to be stopped")]
    private partial void LogStoppingEnded(string jobId, string jobStatus);
}

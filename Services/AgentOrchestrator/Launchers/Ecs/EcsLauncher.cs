using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;
using FeedbackFix.Contracts.Agent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs;

/// <summary>
/// Runs each agent attempt as one Fargate task of the configured task definition, its environment
/// passed as container overrides. The task reference is the task ARN.
/// </summary>
public sealed partial class EcsLauncher(EcsClient client, IOptions<EcsOptions> options, ILogger<EcsLauncher> logger) : IAgentLauncher
{
    public const string LauncherName = "ecs";

    /// <summary>The prefix of the tags the launcher sets itself; configured tags may not use it.</summary>
    public const string TagPrefix = "feedbackfix:";

    /// <summary>ECS refuses RunTask container overrides longer than this, JSON included.</summary>
    public const int MaxOverridesLength = 8_192;

    // ECS accepts at most this many characters of a StopTask reason.
    private const int MaxStopReasonLength = 255;
    private const string MissingReason = "MISSING";

    public string Name => LauncherName;

    public async Task<string> LaunchAsync(AgentLaunch launch, CancellationToken cancellationToken)
    {
        var request = BuildRunTask(launch, options.Value);
        // Checked here, where the reason can be put into words: ECS would only say the request is invalid.
        if (OverridesLength(request) is var length and > MaxOverridesLength)
        {
            var instructions = launch.Environment.GetValueOrDefault(AgentEnvironment.Instructions)?.Length ?? 0;
            throw new AgentLaunchException(
                $"the agent's environment makes the ECS container overrides {length} characters, over ECS's limit of {MaxOverridesLength}" +
                (instructions > 0 ? $" ({instructions} of them the job's instructions): start the fix again with shorter instructions" : ""),
                isTransient: false);
        }
        RunTaskResponse response;
        try
        {
            response = await client.RunTaskAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (EcsException e)
        {
            throw new AgentLaunchException(
                e.IsTransient ? $"ECS RunTask did not succeed, worth trying again later: {e.Message}" : $"ECS RunTask refused: {e.Message}",
                e.IsTransient, e);
        }

        if (response.Failures is { Count: > 0 } failures)
        {
            // ECS replays a client token's answer, so a shortage is tried again as a new request.
            var shortage = failures.All(IsShortage);
            throw new AgentLaunchException(
                $"ECS RunTask started no task{(shortage ? " for want of capacity" : "")}: {string.Join("; ", failures.Select(Describe))}",
                isTransient: shortage, retryAsNewRequest: shortage);
        }
        var taskArn = response.Tasks?.Select(task => task.TaskArn).FirstOrDefault(arn => !string.IsNullOrEmpty(arn))
            ?? throw new AgentLaunchException("ECS RunTask answered with neither a task nor a failure.", isTransient: false);

        LogStarted(logger, taskArn, launch.JobId, launch.Attempt);
        return taskArn;
    }

    public async Task<AgentTaskState> DescribeAsync(string taskRef, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var response = await client.DescribeTasksAsync(new DescribeTasksRequest(settings.Cluster, [taskRef]), cancellationToken).ConfigureAwait(false);

        var task = response.Tasks?.FirstOrDefault(task => task.TaskArn == taskRef) ?? response.Tasks?.FirstOrDefault();
        if (task is null)
        {
            var failure = response.Failures?.FirstOrDefault();
            if (failure is null || failure.Reason == MissingReason)
            {
                // ECS forgets a stopped task about an hour after it stops.
                return new AgentTaskState(AgentTaskStatus.Unknown);
            }
            throw new EcsException("DescribeTasks", null, failure.Reason ?? "Failure", Describe(failure), isTransient: false);
        }
        return ToState(task, settings.ContainerName);
    }

    public async Task StopAsync(string taskRef, string reason, CancellationToken cancellationToken)
    {
        var trimmed = reason.Length <= MaxStopReasonLength ? reason : reason[..(MaxStopReasonLength - 1)] + "…";
        try
        {
            await client.StopTaskAsync(new StopTaskRequest(options.Value.Cluster, taskRef, trimmed), cancellationToken).ConfigureAwait(false);
            LogStopped(logger, taskRef);
        }
        catch (EcsException e) when (e.ErrorType == "InvalidParameterException" && e.ErrorMessage.Contains("not found", StringComparison.OrdinalIgnoreCase))
        {
            // A task ECS no longer knows stopped long ago: there is nothing left to stop.
            LogNotFound(logger, taskRef);
        }
    }

    internal static RunTaskRequest BuildRunTask(AgentLaunch launch, EcsOptions settings)
    {
        var environment = launch.Environment
            .OrderBy(variable => variable.Key, StringComparer.Ordinal)
            .Select(variable => new EcsKeyValuePair(variable.Key, variable.Value))
            .ToList();
        var tags = new List<EcsTag>
        {
            new(TagPrefix + "job-id", launch.JobId),
            new(TagPrefix + "cluster-id", launch.ClusterId),
            new(TagPrefix + "attempt", launch.Attempt.ToString(CultureInfo.InvariantCulture)),
        };
        tags.AddRange(settings.Tags.OrderBy(tag => tag.Key, StringComparer.Ordinal).Select(tag => new EcsTag(tag.Key, tag.Value)));

        return new RunTaskRequest(
            Cluster: settings.Cluster,
            TaskDefinition: settings.TaskDefinition,
            LaunchType: "FARGATE",
            Count: 1,
            NetworkConfiguration: new NetworkConfiguration(new AwsVpcConfiguration(settings.Subnets, settings.SecurityGroups, settings.AssignPublicIp ? "ENABLED" : "DISABLED")),
            Overrides: new TaskOverride([new ContainerOverride(settings.ContainerName, environment)]),
            ClientToken: ClientToken(launch.JobId, launch.Attempt, launch.Request),
            StartedBy: settings.StartedBy,
            Tags: tags,
            PlatformVersion: string.IsNullOrWhiteSpace(settings.PlatformVersion) ? null : settings.PlatformVersion,
            PropagateTags: string.IsNullOrWhiteSpace(settings.PropagateTags) ? null : settings.PropagateTags);
    }

    /// <summary>The length of the request's overrides as sent (<see cref="EcsClient.Json"/>), the figure ECS limits.</summary>
    internal static int OverridesLength(RunTaskRequest request) =>
        JsonSerializer.Serialize(request.Overrides, EcsClient.Json).Length;

    /// <summary>
    /// The same job, attempt and request always give the same token, so ECS answers a redelivered or
    /// retried launch with the task it already started instead of starting a second agent. Hashed
    /// because a job id may be 64 characters itself, ECS's whole limit.
    /// </summary>
    internal static string ClientToken(string jobId, int attempt, int request = 0)
    {
        var text = $"{jobId}\n{attempt.ToString(CultureInfo.InvariantCulture)}";
        if (request > 0)
        {
            text += $"\n{request.ToString(CultureInfo.InvariantCulture)}";
        }
        return "feedbackfix-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..48];
    }

    /// <summary>
    /// A failure that waiting can cure: Fargate out of capacity in the subnets' zones ("Capacity is
    /// unavailable at this time. Please try again later…"), or a resource that frees up as other tasks
    /// stop (<c>RESOURCE:ENI</c>, <c>RESOURCE:CPU</c>, <c>RESOURCE:MEMORY</c>).
    /// </summary>
    internal static bool IsShortage(EcsFailure failure) =>
        failure.Reason is { } reason
        && (reason.StartsWith("RESOURCE:", StringComparison.Ordinal)
            || reason.Contains("capacity is unavailable", StringComparison.OrdinalIgnoreCase)
            || reason.Contains("try again", StringComparison.OrdinalIgnoreCase));

    internal static AgentTaskState ToState(EcsTask task, string containerName) => task.LastStatus switch
    {
        "PROVISIONING" or "PENDING" or "ACTIVATING" => new AgentTaskState(AgentTaskStatus.Starting),
        "STOPPED" => Stopped(task, containerName),
        // DEACTIVATING, STOPPING, DEPROVISIONING: the agent may still be finishing its report, and
        // its exit code is not known until ECS says STOPPED.
        _ => new AgentTaskState(AgentTaskStatus.Running),
    };

    private static AgentTaskState Stopped(EcsTask task, string containerName)
    {
        var container = task.Containers?.FirstOrDefault(container => container.Name == containerName);
        var reason = new StringBuilder(string.IsNullOrWhiteSpace(task.StoppedReason) ? "stopped" : task.StoppedReason);
        if (!string.IsNullOrWhiteSpace(task.StopCode))
        {
            reason.Append(" (").Append(task.StopCode).Append(')');
        }
        if (!string.IsNullOrWhiteSpace(container?.Reason))
        {
            reason.Append("; ").Append(containerName).Append(": ").Append(container.Reason);
        }
        return new AgentTaskState(AgentTaskStatus.Stopped, reason.ToString(), container?.ExitCode);
    }

    private static string Describe(EcsFailure failure)
    {
        var text = new StringBuilder(failure.Reason ?? "unknown reason");
        if (!string.IsNullOrWhiteSpace(failure.Arn))
        {
            text.Append(" (").Append(failure.Arn).Append(')');
        }
        if (!string.IsNullOrWhiteSpace(failure.Detail))
        {
            text.Append(": ").Append(failure.Detail);
        }
        return text.ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started ECS task {TaskArn} for job {JobId} attempt {Attempt}")]
    private static partial void LogStarted(ILogger logger, string taskArn, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Asked ECS to stop task {TaskArn}")]
    private static partial void LogStopped(ILogger logger, string taskArn);

    [LoggerMessage(Level = LogLevel.Information, Message = "ECS no longer knows task {TaskArn}; nothing to stop")]
    private static partial void LogNotFound(ILogger logger, string taskArn);
}

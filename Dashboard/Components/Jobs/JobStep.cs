using FeedbackFix.Contracts.Jobs;

namespace FeedbackFix.Dashboard.Components.Jobs;

/// <summary>Where a step of a job's life stands, as the stepper shows it.</summary>
public enum StepState
{
    Done,
    Current,
    Upcoming,

    /// <summary>Passed over (a job run by its caller never launches), or the job ended before it with nothing showing it happened.</summary>
    NotReached,
}

/// <summary>
/// One step of a job's life: queued, launching, running, then how it ended. <see cref="Time"/> is
/// only a moment the API gives (created_at for queued, updated_at for the end): the API keeps no
/// time per status, so no other step shows one.
/// </summary>
public sealed record JobStep(string Name, StepState State, DateTimeOffset? Time, string? TimeLabel)
{
    /// <summary>The steps of <paramref name="job"/> as it stands now.</summary>
    public static IReadOnlyList<JobStep> Of(AgentJob job)
    {
        var ended = job.Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
        var position = job.Status switch
        {
            JobStatus.Queued => 0,
            JobStatus.Launching => 1,
            JobStatus.Running => 2,
            _ => 3,
        };
        // A job run by its caller goes from queued straight to running.
        var launches = !JobRules.IsRunByCaller(job);

        // An ended job says nothing about which steps it passed; its links and task do, and for a job its
        // caller runs (no task, often no links) that succeeded or failed, a report from its agent, which
        // only a started agent sends (a cancel marks the job's last report too, so a cancelled one has none).
        var launched = job.TaskRef is not null || job.IssueUrl is not null;
        var reported = !launches && job.Status != JobStatus.Cancelled && job.HeartbeatAt is not null;
        var ran = job.TaskRef is not null || job.PrUrl is not null || reported;

        StepState Before(int step, bool evidence) =>
            position == step ? StepState.Current
            : position < step ? StepState.Upcoming
            : !ended || evidence ? StepState.Done
            : StepState.NotReached;

        return
        [
            new("Queued", position == 0 ? StepState.Current : StepState.Done, job.CreatedAt, "created"),
            new("Launching", launches ? Before(1, launched) : (position == 1 ? StepState.Current : StepState.NotReached), null, null),
            new("Running", Before(2, ran), null, null),
            ended
                ? new(EndName(job.Status), StepState.Current, job.UpdatedAt, "ended")
                : new("Finished", StepState.Upcoming, null, null),
        ];
    }

    private static string EndName(JobStatus status) => status switch
    {
        JobStatus.Succeeded => "Succeeded",
        JobStatus.Failed => "Failed",
        _ => "Cancelled",
    };
}

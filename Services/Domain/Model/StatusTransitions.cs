using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;

namespace FeedbackFix.Domain.Model;

/// <summary>
/// The one place that says which status may follow which, and what moves a cluster: a person (PATCH),
/// its job's end, its job's pull request (GitHub's <c>pull_request</c> webhook), a report joining it.
/// Stores enforce these atomically in Redis; APIs ask here first only to word their answer. The
/// lifecycle is drawn in docs/architecture.md, "Statuses".
/// </summary>
public static class StatusTransitions
{
    private static readonly Dictionary<ClusterStatus, ClusterStatus[]> ClusterNext = new()
    {
        // new -> fix_proposed: the pull request of the cluster's latest job, closed unmerged before, is reopened.
        [ClusterStatus.New] = [ClusterStatus.Fixing, ClusterStatus.FixProposed, ClusterStatus.Fixed, ClusterStatus.Ignored],
        // fixing -> fixed: the job ends after its pull request was already merged.
        [ClusterStatus.Fixing] = [ClusterStatus.FixProposed, ClusterStatus.Fixed, ClusterStatus.New, ClusterStatus.Ignored],
        [ClusterStatus.FixProposed] = [ClusterStatus.Fixed, ClusterStatus.New, ClusterStatus.Ignored],
        // A fixed problem can come back (a new report: regressed; or a person reopens it), and an ignored one can be looked at again.
        [ClusterStatus.Fixed] = [ClusterStatus.Regressed, ClusterStatus.New, ClusterStatus.Ignored],
        // A regression is fixed again (Generate Fix, or a person says so), reopened or ignored.
        [ClusterStatus.Regressed] = [ClusterStatus.Fixing, ClusterStatus.Fixed, ClusterStatus.New, ClusterStatus.Ignored],
        [ClusterStatus.Ignored] = [ClusterStatus.New],
    };

    private static readonly Dictionary<JobStatus, JobStatus[]> JobNext = new()
    {
        // queued -> running directly: an agent launched by hand (POST /jobs) reports in itself.
        [JobStatus.Queued] = [JobStatus.Launching, JobStatus.Running, JobStatus.Failed, JobStatus.Cancelled],
        [JobStatus.Launching] = [JobStatus.Running, JobStatus.Succeeded, JobStatus.Failed, JobStatus.Cancelled],
        [JobStatus.Running] = [JobStatus.Succeeded, JobStatus.Failed, JobStatus.Cancelled],
        [JobStatus.Succeeded] = [],
        [JobStatus.Failed] = [],
        [JobStatus.Cancelled] = [],
    };

    /// <summary>Statuses only the system enters: <c>fixing</c> with a job, <c>fix_proposed</c> with its pull request, <c>regressed</c> with a report.</summary>
    private static readonly ClusterStatus[] SystemEntered = [ClusterStatus.Fixing, ClusterStatus.FixProposed, ClusterStatus.Regressed];

    /// <summary>Statuses a user may set on a cluster directly; the others come with a job, a pull request or a report.</summary>
    public static IReadOnlyList<ClusterStatus> UserSettableClusterStatuses { get; } =
        [ClusterStatus.New, ClusterStatus.Fixed, ClusterStatus.Ignored];

    public static bool CanMove(ClusterStatus from, ClusterStatus to) => from == to || ClusterNext[from].Contains(to);

    /// <summary>
    /// What a person may do with PATCH: not leave <c>fixing</c>, which belongs to the cluster's job
    /// (cancel it), nor enter a status only the system sets.
    /// </summary>
    public static bool UserMayMove(ClusterStatus from, ClusterStatus to) =>
        from == to || (from != ClusterStatus.Fixing && !SystemEntered.Contains(to) && CanMove(from, to));

    /// <summary>Whether Generate Fix may start a job on a cluster of this status (it becomes <c>fixing</c>).</summary>
    public static bool MayStartFix(ClusterStatus status) => status != ClusterStatus.Fixing && CanMove(status, ClusterStatus.Fixing);

    /// <summary>Whether a job may go from one status to another; staying put (a heartbeat) is allowed while active.</summary>
    public static bool CanMove(JobStatus from, JobStatus to) => (from == to && !IsTerminal(from)) || JobNext[from].Contains(to);

    public static bool IsTerminal(JobStatus status) => JobNext[status].Length == 0;

    /// <summary>The statuses from which <paramref name="to"/> may be reached (staying put included).</summary>
    public static IEnumerable<ClusterStatus> AllowedFrom(ClusterStatus to) => Enum.GetValues<ClusterStatus>().Where(from => CanMove(from, to));

    public static IEnumerable<JobStatus> AllowedFrom(JobStatus to) => Enum.GetValues<JobStatus>().Where(from => CanMove(from, to));

    /// <summary>
    /// Where a cluster goes when its job ends: with a pull request, wherever the pull request stands
    /// (<see cref="ClusterWithPullRequest"/>; <c>fix_proposed</c> while GitHub has said nothing yet);
    /// back to new otherwise.
    /// </summary>
    public static ClusterStatus? ClusterAfterJob(JobStatus jobStatus, bool hasPullRequest, PullRequestState? pullRequest = null) => jobStatus switch
    {
        JobStatus.Succeeded when hasPullRequest => ClusterWithPullRequest(pullRequest ?? PullRequestState.Open),
        JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled => ClusterStatus.New,
        _ => null,
    };

    /// <summary>What a pull request's state means for its cluster: open is a proposed fix, merged a fix, closed unmerged none.</summary>
    public static ClusterStatus ClusterWithPullRequest(PullRequestState state) => state switch
    {
        PullRequestState.Open => ClusterStatus.FixProposed,
        PullRequestState.Merged => ClusterStatus.Fixed,
        _ => ClusterStatus.New,
    };

    /// <summary>
    /// Whether a job's pull request may go from one state to another: a merge is final; open and
    /// closed alternate (reopened, closed again). Staying put is allowed (a repeated delivery).
    /// </summary>
    public static bool CanMove(PullRequestState? from, PullRequestState to) =>
        from is null || from == to || from != PullRequestState.Merged;

    /// <summary>
    /// Where a cluster goes when the pull request of its latest job reaches <paramref name="state"/>, or
    /// null to leave it: only a cluster waiting on the pull request (<c>fix_proposed</c>) or left
    /// <c>new</c> by it (closed unmerged, then reopened or merged after all) follows it. A cluster still
    /// <c>fixing</c> waits for its job's end, which reads the pull request's state then; one a person
    /// ignored, or a report marked regressed, is not moved by a delivery.
    /// </summary>
    public static ClusterStatus? ClusterAfterPullRequest(ClusterStatus current, PullRequestState state)
    {
        if (current is not (ClusterStatus.FixProposed or ClusterStatus.New))
        {
            return null;
        }
        var target = ClusterWithPullRequest(state);
        return target != current && CanMove(current, target) ? target : null;
    }

    /// <summary>Where a cluster goes when a new report joins it: a fixed problem reported again has regressed.</summary>
    public static ClusterStatus? ClusterAfterReportJoined(ClusterStatus current) =>
        current == ClusterStatus.Fixed ? ClusterStatus.Regressed : null;
}

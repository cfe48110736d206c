using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;

namespace FeedbackFix.Domain.Model;

/// <summary>
/// The one place that says which status may follow which. Stores enforce these atomically in
/// Redis; APIs ask here first only to word their answer.
/// </summary>
public static class StatusTransitions
{
    private static readonly Dictionary<ClusterStatus, ClusterStatus[]> ClusterNext = new()
    {
        [ClusterStatus.New] = [ClusterStatus.Fixing, ClusterStatus.Fixed, ClusterStatus.Ignored],
        [ClusterStatus.Fixing] = [ClusterStatus.Fixed, ClusterStatus.New, ClusterStatus.Ignored],
        // A fixed problem can come back, and an ignored one can be looked at again.
        [ClusterStatus.Fixed] = [ClusterStatus.New, ClusterStatus.Ignored],
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

    /// <summary>Statuses a user may set on a cluster directly; <c>fixing</c> comes only with a job.</summary>
    public static IReadOnlyList<ClusterStatus> UserSettableClusterStatuses { get; } =
        [ClusterStatus.New, ClusterStatus.Fixed, ClusterStatus.Ignored];

    public static bool CanMove(ClusterStatus from, ClusterStatus to) => from == to || ClusterNext[from].Contains(to);

    /// <summary>
    /// What a person may do with PATCH: not enter or leave <c>fixing</c>, which belongs to the
    /// cluster's job (start a fix, or cancel it).
    /// </summary>
    public static bool UserMayMove(ClusterStatus from, ClusterStatus to) =>
        from == to || (from != ClusterStatus.Fixing && to != ClusterStatus.Fixing && CanMove(from, to));

    /// <summary>Whether a job may go from one status to another; staying put (a heartbeat) is allowed while active.</summary>
    public static bool CanMove(JobStatus from, JobStatus to) => (from == to && !IsTerminal(from)) || JobNext[from].Contains(to);

    public static bool IsTerminal(JobStatus status) => JobNext[status].Length == 0;

    /// <summary>The statuses from which <paramref name="to"/> may be reached (staying put included).</summary>
    public static IEnumerable<ClusterStatus> AllowedFrom(ClusterStatus to) => Enum.GetValues<ClusterStatus>().Where(from => CanMove(from, to));

    public static IEnumerable<JobStatus> AllowedFrom(JobStatus to) => Enum.GetValues<JobStatus>().Where(from => CanMove(from, to));

    /// <summary>Where a cluster goes when its job ends: fixed with a pull request, back to new otherwise.</summary>
    public static ClusterStatus? ClusterAfterJob(JobStatus jobStatus, bool hasPullRequest) => jobStatus switch
    {
        JobStatus.Succeeded when hasPullRequest => ClusterStatus.Fixed,
        JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled => ClusterStatus.New,
        _ => null,
    };
}

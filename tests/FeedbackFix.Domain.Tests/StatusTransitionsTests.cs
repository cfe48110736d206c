using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Model;

namespace FeedbackFix.Domain.Tests;

public sealed class StatusTransitionsTests
{
    private const ClusterStatus New = ClusterStatus.New;
    private const ClusterStatus Fixing = ClusterStatus.Fixing;
    private const ClusterStatus Fixed = ClusterStatus.Fixed;
    private const ClusterStatus Ignored = ClusterStatus.Ignored;
    private const ClusterStatus Proposed = ClusterStatus.FixProposed;
    private const ClusterStatus Regressed = ClusterStatus.Regressed;

    private const JobStatus Queued = JobStatus.Queued;
    private const JobStatus Launching = JobStatus.Launching;
    private const JobStatus Running = JobStatus.Running;
    private const JobStatus Succeeded = JobStatus.Succeeded;
    private const JobStatus Failed = JobStatus.Failed;
    private const JobStatus Cancelled = JobStatus.Cancelled;

    /// <summary>Every (from, to) pair of cluster statuses with whether the rules allow it.</summary>
    public static TheoryData<ClusterStatus, ClusterStatus, bool> ClusterMoves => new()
    {
        { New, New, true }, { New, Fixing, true }, { New, Fixed, true }, { New, Ignored, true }, { New, Proposed, true }, { New, Regressed, false },
        { Fixing, New, true }, { Fixing, Fixing, true }, { Fixing, Fixed, true }, { Fixing, Ignored, true }, { Fixing, Proposed, true }, { Fixing, Regressed, false },
        { Fixed, New, true }, { Fixed, Fixing, false }, { Fixed, Fixed, true }, { Fixed, Ignored, true }, { Fixed, Proposed, false }, { Fixed, Regressed, true },
        { Ignored, New, true }, { Ignored, Fixing, false }, { Ignored, Fixed, false }, { Ignored, Ignored, true }, { Ignored, Proposed, false }, { Ignored, Regressed, false },
        { Proposed, New, true }, { Proposed, Fixing, false }, { Proposed, Fixed, true }, { Proposed, Ignored, true }, { Proposed, Proposed, true }, { Proposed, Regressed, false },
        { Regressed, New, true }, { Regressed, Fixing, true }, { Regressed, Fixed, true }, { Regressed, Ignored, true }, { Regressed, Proposed, false }, { Regressed, Regressed, true },
    };

    /// <summary>What a person may do with PATCH: never leave fixing, never enter a status the system sets.</summary>
    public static TheoryData<ClusterStatus, ClusterStatus, bool> UserMoves => new()
    {
        { New, New, true }, { New, Fixing, false }, { New, Fixed, true }, { New, Ignored, true }, { New, Proposed, false }, { New, Regressed, false },
        { Fixing, New, false }, { Fixing, Fixing, true }, { Fixing, Fixed, false }, { Fixing, Ignored, false }, { Fixing, Proposed, false }, { Fixing, Regressed, false },
        { Fixed, New, true }, { Fixed, Fixing, false }, { Fixed, Fixed, true }, { Fixed, Ignored, true }, { Fixed, Proposed, false }, { Fixed, Regressed, false },
        { Ignored, New, true }, { Ignored, Fixing, false }, { Ignored, Fixed, false }, { Ignored, Ignored, true }, { Ignored, Proposed, false }, { Ignored, Regressed, false },
        { Proposed, New, true }, { Proposed, Fixing, false }, { Proposed, Fixed, true }, { Proposed, Ignored, true }, { Proposed, Proposed, true }, { Proposed, Regressed, false },
        { Regressed, New, true }, { Regressed, Fixing, false }, { Regressed, Fixed, true }, { Regressed, Ignored, true }, { Regressed, Proposed, false }, { Regressed, Regressed, true },
    };

    /// <summary>Every (from, to) pair of job statuses: forward only, staying put only while active.</summary>
    public static TheoryData<JobStatus, JobStatus, bool> JobMoves => new()
    {
        { Queued, Queued, true }, { Queued, Launching, true }, { Queued, Running, true },
        { Queued, Succeeded, false }, { Queued, Failed, true }, { Queued, Cancelled, true },

        { Launching, Queued, false }, { Launching, Launching, true }, { Launching, Running, true },
        { Launching, Succeeded, true }, { Launching, Failed, true }, { Launching, Cancelled, true },

        { Running, Queued, false }, { Running, Launching, false }, { Running, Running, true },
        { Running, Succeeded, true }, { Running, Failed, true }, { Running, Cancelled, true },

        { Succeeded, Queued, false }, { Succeeded, Launching, false }, { Succeeded, Running, false },
        { Succeeded, Succeeded, false }, { Succeeded, Failed, false }, { Succeeded, Cancelled, false },

        { Failed, Queued, false }, { Failed, Launching, false }, { Failed, Running, false },
        { Failed, Succeeded, false }, { Failed, Failed, false }, { Failed, Cancelled, false },

        { Cancelled, Queued, false }, { Cancelled, Launching, false }, { Cancelled, Running, false },
        { Cancelled, Succeeded, false }, { Cancelled, Failed, false }, { Cancelled, Cancelled, false },
    };

    [Fact]
    public void Tables_cover_every_pair_of_statuses()
    {
        var clusterCount = Enum.GetValues<ClusterStatus>().Length;
        var jobCount = Enum.GetValues<JobStatus>().Length;

        Assert.Equal(clusterCount * clusterCount, ClusterMoves.Count);
        Assert.Equal(clusterCount * clusterCount, UserMoves.Count);
        Assert.Equal(jobCount * jobCount, JobMoves.Count);
    }

    [Theory]
    [MemberData(nameof(ClusterMoves))]
    public void Cluster_CanMove_follows_the_table(ClusterStatus from, ClusterStatus to, bool allowed)
    {
        Assert.Equal(allowed, StatusTransitions.CanMove(from, to));
    }

    [Theory]
    [MemberData(nameof(UserMoves))]
    public void UserMayMove_never_leaves_fixing_nor_enters_a_status_the_system_sets(ClusterStatus from, ClusterStatus to, bool allowed)
    {
        Assert.Equal(allowed, StatusTransitions.UserMayMove(from, to));
    }

    [Fact]
    public void UserSettableClusterStatuses_excludes_fixing()
    {
        Assert.Equal([New, Fixed, Ignored], StatusTransitions.UserSettableClusterStatuses);
    }

    [Theory]
    [MemberData(nameof(JobMoves))]
    public void Job_CanMove_follows_the_table(JobStatus from, JobStatus to, bool allowed)
    {
        Assert.Equal(allowed, StatusTransitions.CanMove(from, to));
    }

    [Theory]
    [InlineData(Queued, false)]
    [InlineData(Launching, false)]
    [InlineData(Running, false)]
    [InlineData(Succeeded, true)]
    [InlineData(Failed, true)]
    [InlineData(Cancelled, true)]
    public void IsTerminal_is_true_only_for_ended_jobs(JobStatus status, bool terminal)
    {
        Assert.Equal(terminal, StatusTransitions.IsTerminal(status));
    }

    [Theory]
    [InlineData(Succeeded, true, Proposed)]
    [InlineData(Succeeded, false, New)]
    [InlineData(Failed, true, New)]
    [InlineData(Failed, false, New)]
    [InlineData(Cancelled, true, New)]
    [InlineData(Cancelled, false, New)]
    public void ClusterAfterJob_is_fix_proposed_only_for_success_with_a_pull_request(JobStatus job, bool hasPullRequest, ClusterStatus expected)
    {
        Assert.Equal(expected, StatusTransitions.ClusterAfterJob(job, hasPullRequest));
    }

    [Theory]
    [InlineData(PullRequestState.Open, Proposed)]
    [InlineData(PullRequestState.Merged, Fixed)]
    [InlineData(PullRequestState.Closed, New)]
    public void ClusterAfterJob_with_a_pull_request_follows_where_the_pull_request_stands(PullRequestState pullRequest, ClusterStatus expected)
    {
        Assert.Equal(expected, StatusTransitions.ClusterAfterJob(Succeeded, hasPullRequest: true, pullRequest));
    }

    [Theory]
    [InlineData(Proposed, PullRequestState.Merged, Fixed)]
    [InlineData(Proposed, PullRequestState.Closed, New)]
    [InlineData(New, PullRequestState.Open, Proposed)]
    [InlineData(New, PullRequestState.Merged, Fixed)]
    public void ClusterAfterPullRequest_moves_a_cluster_waiting_on_the_pull_request(ClusterStatus current, PullRequestState state, ClusterStatus expected)
    {
        Assert.Equal(expected, StatusTransitions.ClusterAfterPullRequest(current, state));
    }

    [Theory]
    [InlineData(Proposed, PullRequestState.Open)]
    [InlineData(New, PullRequestState.Closed)]
    [InlineData(Fixing, PullRequestState.Merged)]
    [InlineData(Fixed, PullRequestState.Closed)]
    [InlineData(Regressed, PullRequestState.Merged)]
    [InlineData(Ignored, PullRequestState.Open)]
    public void ClusterAfterPullRequest_leaves_other_clusters_where_they_are(ClusterStatus current, PullRequestState state)
    {
        Assert.Null(StatusTransitions.ClusterAfterPullRequest(current, state));
    }

    [Fact]
    public void A_merged_pull_request_stays_merged_while_open_and_closed_alternate()
    {
        Assert.False(StatusTransitions.CanMove(PullRequestState.Merged, PullRequestState.Closed));
        Assert.False(StatusTransitions.CanMove(PullRequestState.Merged, PullRequestState.Open));
        Assert.True(StatusTransitions.CanMove(PullRequestState.Closed, PullRequestState.Open));
        Assert.True(StatusTransitions.CanMove(PullRequestState.Open, PullRequestState.Closed));
        Assert.True(StatusTransitions.CanMove(null, PullRequestState.Merged));
    }

    [Fact]
    public void ClusterAfterReportJoined_marks_only_a_fixed_cluster_regressed()
    {
        Assert.Equal(Regressed, StatusTransitions.ClusterAfterReportJoined(Fixed));
        Assert.All(Enum.GetValues<ClusterStatus>().Where(s => s != Fixed), s => Assert.Null(StatusTransitions.ClusterAfterReportJoined(s)));
    }

    [Theory]
    [InlineData(Queued, false)]
    [InlineData(Queued, true)]
    [InlineData(Launching, false)]
    [InlineData(Running, true)]
    public void ClusterAfterJob_leaves_the_cluster_alone_while_the_job_is_active(JobStatus job, bool hasPullRequest)
    {
        Assert.Null(StatusTransitions.ClusterAfterJob(job, hasPullRequest));
    }

    [Fact]
    public void AllowedFrom_cluster_lists_the_statuses_that_may_move_there()
    {
        Assert.Equal([New, Fixing, Regressed], StatusTransitions.AllowedFrom(Fixing));
        Assert.Equal([New, Fixing, Fixed, Ignored, Proposed, Regressed], StatusTransitions.AllowedFrom(Ignored));
    }

    [Fact]
    public void AllowedFrom_job_lists_the_statuses_that_may_move_there()
    {
        Assert.Equal([Launching, Running], StatusTransitions.AllowedFrom(Succeeded));
        Assert.Equal([Queued], StatusTransitions.AllowedFrom(Queued));
    }
}

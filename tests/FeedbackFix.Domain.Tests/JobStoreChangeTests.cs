using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Queues;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

public sealed class JobStoreChangeTests : IClassFixture<RedisServer>
{
    // Each test its own pull request: the index gives a pull request to the first job that reports it.
    private readonly string _prUrl = $"https://github.com/octo/app/pull/{Random.Shared.NextInt64(1_000, 1_000_000_000)}";

    private static readonly JobStatus[] AllStatuses = Enum.GetValues<JobStatus>();

    private readonly ManualClock _clock = new();
    private readonly StoreSet _stores;

    public JobStoreChangeTests(RedisServer redis)
    {
        _stores = new StoreSet(redis.Connection, _clock);
    }

    /// <summary>Paths from queued to each status, through allowed moves.</summary>
    private static readonly Dictionary<JobStatus, JobStatus[]> PathTo = new()
    {
        [JobStatus.Queued] = [],
        [JobStatus.Launching] = [JobStatus.Launching],
        [JobStatus.Running] = [JobStatus.Launching, JobStatus.Running],
        [JobStatus.Succeeded] = [JobStatus.Launching, JobStatus.Running, JobStatus.Succeeded],
        [JobStatus.Failed] = [JobStatus.Launching, JobStatus.Failed],
        [JobStatus.Cancelled] = [JobStatus.Cancelled],
    };

    public static TheoryData<JobStatus, JobStatus> EveryPair()
    {
        var data = new TheoryData<JobStatus, JobStatus>();
        foreach (var from in AllStatuses)
        {
            foreach (var to in AllStatuses)
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public async Task Change_of_status_is_allowed_exactly_when_the_rules_allow_it(JobStatus from, JobStatus to)
    {
        var job = await JobInAsync(from);

        var result = await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(to));

        var allowed = StatusTransitions.CanMove(from, to);
        Assert.Equal(allowed ? ChangeOutcome.Changed : ChangeOutcome.Forbidden, result.Outcome);
        var expected = allowed ? to : from;
        Assert.Equal(expected, (await _stores.Jobs.GetAsync(job.Id))!.Status);
        Assert.Equal([expected], await StatusIndexesOfAsync(job.Id));
    }

    [Fact]
    public async Task Change_of_status_keeps_the_created_at_score_in_the_new_index()
    {
        var job = (await _stores.AddJobAsync()).Job!;
        _clock.Advance(TimeSpan.FromMinutes(3));

        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Running));

        Assert.Equal(job.CreatedAt.ToUnixTimeMilliseconds(), await _stores.Db.SortedSetScoreAsync(RedisKeys.JobsByStatus(JobStatus.Running), job.Id));
    }

    [Fact]
    public async Task Change_forbidden_writes_no_logs_and_no_fields()
    {
        var job = await JobInAsync(JobStatus.Running);
        var before = await _stores.Db.HashGetAllAsync(RedisKeys.Job(job.Id));
        _clock.Advance(TimeSpan.FromMinutes(1));

        var result = await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Queued, ["should not appear"], Error: "nope"));

        Assert.Equal(ChangeOutcome.Forbidden, result.Outcome);
        Assert.NotNull(result.Reason);
        Assert.Equal(before.OrderBy(e => e.Name.ToString()), (await _stores.Db.HashGetAllAsync(RedisKeys.Job(job.Id))).OrderBy(e => e.Name.ToString()));
        Assert.Empty(await _stores.Jobs.GetLogsAsync(job.Id, null, 100));
    }

    [Fact]
    public async Task Change_of_an_unknown_job_is_not_found()
    {
        var result = await _stores.Jobs.ChangeAsync(Ids.New(), new JobChanges(JobStatus.Running));

        Assert.Equal(ChangeOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task Change_without_status_is_a_heartbeat_that_updates_heartbeat_at()
    {
        var job = await JobInAsync(JobStatus.Running);
        _clock.Advance(TimeSpan.FromSeconds(42));

        var result = await _stores.Jobs.ChangeAsync(job.Id, new JobChanges());

        Assert.Equal(ChangeOutcome.Changed, result.Outcome);
        Assert.Equal(JobStatus.Running, result.Record!.Status);
        Assert.Equal(_clock.GetUtcNow(), result.Record.HeartbeatAt);
        Assert.Equal(_clock.GetUtcNow(), result.Record.UpdatedAt);
    }

    [Fact]
    public async Task Create_leaves_heartbeat_at_empty_until_the_first_report()
    {
        var job = (await _stores.AddJobAsync()).Job!;

        Assert.Null(job.HeartbeatAt);
    }

    [Fact]
    public async Task Change_records_links_error_note_and_task_ref()
    {
        var job = (await _stores.AddJobAsync()).Job!;

        var result = await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Launching, PrUrl: _prUrl, Error: "warning",
            Note: "a note", TaskRef: "arn:aws:ecs:task/1", IssueUrl: "https://github.com/octo/app/issues/3"));

        var stored = result.Record!;
        Assert.Equal(_prUrl, stored.PrUrl);
        Assert.Equal("warning", stored.Error);
        Assert.Equal("a note", stored.Note);
        Assert.Equal("arn:aws:ecs:task/1", stored.TaskRef);
        Assert.Equal("https://github.com/octo/app/issues/3", stored.IssueUrl);
    }

    [Fact]
    public async Task Change_appends_log_lines_in_order()
    {
        var job = (await _stores.AddJobAsync()).Job!;

        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Running, ["one", "two"]));
        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(Logs: ["three"]));

        var logs = await _stores.Jobs.GetLogsAsync(job.Id, null, 100);
        Assert.Equal(["one", "two", "three"], logs.Select(l => l.Line));
    }

    [Fact]
    public async Task GetLogs_after_an_id_returns_only_later_lines()
    {
        var job = (await _stores.AddJobAsync()).Job!;
        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(Logs: ["one", "two", "three", "four"]));
        var all = await _stores.Jobs.GetLogsAsync(job.Id, null, 100);

        var after = await _stores.Jobs.GetLogsAsync(job.Id, all[1].Id, 100);

        Assert.Equal(["three", "four"], after.Select(l => l.Line));
    }

    [Fact]
    public async Task GetLogs_returns_at_most_count_lines()
    {
        var job = (await _stores.AddJobAsync()).Job!;
        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(Logs: ["one", "two", "three"]));

        var logs = await _stores.Jobs.GetLogsAsync(job.Id, null, 2);

        Assert.Equal(["one", "two"], logs.Select(l => l.Line));
    }

    [Fact]
    public async Task GetLogs_after_the_last_line_is_empty()
    {
        var job = (await _stores.AddJobAsync()).Job!;
        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(Logs: ["only"]));
        var last = Assert.Single(await _stores.Jobs.GetLogsAsync(job.Id, null, 100));

        Assert.Empty(await _stores.Jobs.GetLogsAsync(job.Id, last.Id, 100));
    }

    [Fact]
    public async Task GetLogs_of_a_job_without_logs_is_empty()
    {
        Assert.Empty(await _stores.Jobs.GetLogsAsync(Ids.New(), null, 100));
    }

    [Fact]
    public async Task Change_cuts_log_lines_longer_than_the_maximum_to_it_ending_in_a_marker_that_says_so()
    {
        var job = (await _stores.AddJobAsync()).Job!;
        var exact = new string('a', JobStore.MaxLogLineLength);
        var longer = new string('b', JobStore.MaxLogLineLength + 100);
        // A pair split by the cut: the pair goes whole.
        var emoji = new string('c', JobStore.MaxLogLineLength - JobStore.CutMarker.Length - 1) + "😀" + new string('t', 100);

        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(Logs: [exact, longer, emoji]));

        var logs = await _stores.Jobs.GetLogsAsync(job.Id, null, 100);
        Assert.Equal(exact, logs[0].Line);
        Assert.Equal(new string('b', JobStore.MaxLogLineLength - JobStore.CutMarker.Length) + JobStore.CutMarker, logs[1].Line);
        Assert.Equal(JobStore.MaxLogLineLength, logs[1].Line.Length);
        Assert.Equal(new string('c', JobStore.MaxLogLineLength - JobStore.CutMarker.Length - 1) + JobStore.CutMarker, logs[2].Line);
    }

    [Fact]
    public async Task Job_succeeded_with_a_pull_request_marks_the_cluster_fix_proposed()
    {
        var creation = await _stores.AddJobAsync();
        await _stores.Jobs.ChangeAsync(creation.Job!.Id, new JobChanges(JobStatus.Running));

        await _stores.Jobs.ChangeAsync(creation.Job.Id, new JobChanges(JobStatus.Succeeded, PrUrl: _prUrl));

        var cluster = await _stores.Clusters.GetAsync(creation.Cluster!.Id);
        Assert.Equal(ClusterStatus.FixProposed, cluster!.Status);
        Assert.Null(cluster.ActiveJobId);
        Assert.Equal([ClusterStatus.FixProposed], await ClusterStatusIndexesOfAsync(cluster.Id));
        Assert.Equal("fix_proposed", (string?)await _stores.Db.HashGetAsync(RedisKeys.Cluster(cluster.Id), "status"));
    }

    [Fact]
    public async Task Job_succeeded_with_a_pull_request_reported_earlier_marks_the_cluster_fix_proposed()
    {
        var creation = await _stores.AddJobAsync();
        await _stores.Jobs.ChangeAsync(creation.Job!.Id, new JobChanges(JobStatus.Running, PrUrl: _prUrl));

        await _stores.Jobs.ChangeAsync(creation.Job.Id, new JobChanges(JobStatus.Succeeded));

        Assert.Equal(ClusterStatus.FixProposed, (await _stores.Clusters.GetAsync(creation.Cluster!.Id))!.Status);
    }

    [Fact]
    public async Task A_reported_pull_request_url_indexes_the_job_by_repository_and_number()
    {
        var creation = await _stores.AddJobAsync();

        var number = Random.Shared.NextInt64(1_000, 1_000_000_000);

        await _stores.Jobs.ChangeAsync(creation.Job!.Id, new JobChanges(JobStatus.Running, PrUrl: $"https://github.com/Octo/App/pull/{number}"));

        Assert.Equal(creation.Job.Id, await _stores.PullRequests.FindJobAsync(new PullRequestRef("octo/app", number)));
    }

    [Fact]
    public async Task A_pull_request_another_job_reported_is_refused_and_the_report_changes_nothing()
    {
        var first = await _stores.AddJobAsync();
        var second = await _stores.AddJobAsync();
        await _stores.Jobs.ChangeAsync(first.Job!.Id, new JobChanges(JobStatus.Running, PrUrl: _prUrl));

        var result = await _stores.Jobs.ChangeAsync(second.Job!.Id, new JobChanges(JobStatus.Running, ["working"], _prUrl), actor: Actor.Agent);

        Assert.Equal(ChangeOutcome.Conflict, result.Outcome);
        Assert.Contains(first.Job.Id, result.Reason, StringComparison.Ordinal);
        var stored = await _stores.Jobs.GetAsync(second.Job.Id);
        Assert.Equal((JobStatus.Queued, null), (stored!.Status, stored.PrUrl));
        Assert.Empty(await _stores.Jobs.GetLogsAsync(second.Job.Id, afterId: null, count: 10));
        Assert.Equal(first.Job.Id, await _stores.PullRequests.FindJobAsync(PullRequestRef.FromUrl(_prUrl)!));
        Assert.Equal(ClusterStatus.Fixing, (await _stores.Clusters.GetAsync(second.Cluster!.Id))!.Status);
    }

    [Fact]
    public async Task Job_ending_after_its_pull_request_was_merged_marks_the_cluster_fixed()
    {
        var creation = await _stores.AddJobAsync();
        var number = Random.Shared.NextInt64(1_000, 1_000_000_000);
        await _stores.Jobs.ChangeAsync(creation.Job!.Id, new JobChanges(JobStatus.Running, PrUrl: $"https://github.com/octo/app/pull/{number}"));
        await _stores.PullRequests.ApplyAsync(new PullRequestQueueEntry("octo/app", number, "closed", Merged: true, null, "d1", null));

        await _stores.Jobs.ChangeAsync(creation.Job.Id, new JobChanges(JobStatus.Succeeded));

        Assert.Equal(ClusterStatus.Fixed, (await _stores.Clusters.GetAsync(creation.Cluster!.Id))!.Status);
    }

    [Fact]
    public async Task Job_succeeded_without_a_pull_request_returns_the_cluster_to_new()
    {
        var creation = await _stores.AddJobAsync();
        await _stores.Jobs.ChangeAsync(creation.Job!.Id, new JobChanges(JobStatus.Running));

        await _stores.Jobs.ChangeAsync(creation.Job.Id, new JobChanges(JobStatus.Succeeded));

        Assert.Equal(ClusterStatus.New, (await _stores.Clusters.GetAsync(creation.Cluster!.Id))!.Status);
    }

    [Fact]
    public async Task Job_succeeded_with_an_empty_pull_request_url_returns_the_cluster_to_new()
    {
        var creation = await _stores.AddJobAsync();
        await _stores.Jobs.ChangeAsync(creation.Job!.Id, new JobChanges(JobStatus.Running));

        await _stores.Jobs.ChangeAsync(creation.Job.Id, new JobChanges(JobStatus.Succeeded, PrUrl: ""));

        Assert.Equal(ClusterStatus.New, (await _stores.Clusters.GetAsync(creation.Cluster!.Id))!.Status);
    }

    [Theory]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Cancelled)]
    public async Task Job_failed_or_cancelled_returns_the_cluster_to_new(JobStatus end)
    {
        var creation = await _stores.AddJobAsync();
        await _stores.Jobs.ChangeAsync(creation.Job!.Id, new JobChanges(JobStatus.Running));

        await _stores.Jobs.ChangeAsync(creation.Job.Id, new JobChanges(end, PrUrl: _prUrl));

        var cluster = await _stores.Clusters.GetAsync(creation.Cluster!.Id);
        Assert.Equal(ClusterStatus.New, cluster!.Status);
        Assert.Null(cluster.ActiveJobId);
        Assert.Equal([ClusterStatus.New], await ClusterStatusIndexesOfAsync(cluster.Id));
    }

    [Theory]
    [InlineData(JobStatus.Launching)]
    [InlineData(JobStatus.Running)]
    public async Task Job_still_active_keeps_the_cluster_fixing(JobStatus active)
    {
        var creation = await _stores.AddJobAsync();

        await _stores.Jobs.ChangeAsync(creation.Job!.Id, new JobChanges(active, PrUrl: _prUrl));

        Assert.Equal(ClusterStatus.Fixing, (await _stores.Clusters.GetAsync(creation.Cluster!.Id))!.Status);
    }

    [Fact]
    public async Task Job_that_is_not_the_clusters_active_job_does_not_move_the_cluster()
    {
        var stale = await _stores.AddJobAsync();
        var clusterId = stale.Cluster!.Id;
        // The cluster is let go of by hand and a new fix is started while the old job still runs.
        await _stores.Clusters.ChangeAsync(clusterId, new ClusterChanges(Status: ClusterStatus.New), StatusTransitions.CanMove);
        var current = await _stores.Jobs.CreateAsync(clusterId, TestData.RepoUrl, "process", enqueue: false, null);
        Assert.Equal(JobCreationOutcome.Created, current.Outcome);

        var result = await _stores.Jobs.ChangeAsync(stale.Job!.Id, new JobChanges(JobStatus.Failed, Error: "lost"));

        Assert.Equal(ChangeOutcome.Changed, result.Outcome);
        var cluster = await _stores.Clusters.GetAsync(clusterId);
        Assert.Equal(ClusterStatus.Fixing, cluster!.Status);
        Assert.Equal(current.Job!.Id, cluster.ActiveJobId);
        Assert.Equal([ClusterStatus.Fixing], await ClusterStatusIndexesOfAsync(clusterId));
    }

    [Fact]
    public async Task Job_ending_after_its_cluster_was_ignored_leaves_the_cluster_ignored()
    {
        var creation = await _stores.AddJobAsync();
        var clusterId = creation.Cluster!.Id;
        await _stores.Clusters.ChangeAsync(clusterId, new ClusterChanges(Status: ClusterStatus.Ignored), StatusTransitions.CanMove);

        await _stores.Jobs.ChangeAsync(creation.Job!.Id, new JobChanges(JobStatus.Cancelled));

        Assert.Equal(ClusterStatus.Ignored, (await _stores.Clusters.GetAsync(clusterId))!.Status);
        Assert.Equal([ClusterStatus.Ignored], await ClusterStatusIndexesOfAsync(clusterId));
    }

    [Fact]
    public async Task Change_in_parallel_to_different_ends_leaves_the_job_in_exactly_one_status_index()
    {
        var creation = await _stores.AddJobAsync();
        var targets = Enumerable.Range(0, 12).Select(i => new[] { JobStatus.Running, JobStatus.Succeeded, JobStatus.Failed, JobStatus.Cancelled }[i % 4]);

        var results = await Task.WhenAll(targets.Select(t => _stores.Jobs.ChangeAsync(creation.Job!.Id, new JobChanges(t))));

        Assert.All(results, r => Assert.NotEqual(ChangeOutcome.NotFound, r.Outcome));
        var job = await _stores.Jobs.GetAsync(creation.Job!.Id);
        Assert.True(StatusTransitions.IsTerminal(job!.Status));
        Assert.Equal([job.Status], await StatusIndexesOfAsync(job.Id));
        var cluster = await _stores.Clusters.GetAsync(creation.Cluster!.Id);
        Assert.Equal(ClusterStatus.New, cluster!.Status);
        Assert.Equal([ClusterStatus.New], await ClusterStatusIndexesOfAsync(cluster.Id));
    }

    [Theory]
    [InlineData(JobStatus.Queued)]
    [InlineData(JobStatus.Launching)]
    [InlineData(JobStatus.Running)]
    public async Task Cancelling_an_active_job_notes_it_for_the_orchestrator_to_stop_its_task(JobStatus from)
    {
        var job = await JobInAsync(from);

        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Cancelled));

        Assert.Contains(job.Id, await _stores.Jobs.GetStoppingAsync());
        await _stores.Jobs.StoppedAsync(job.Id, (await _stores.Jobs.GetAsync(job.Id))!.TaskRef);
        Assert.DoesNotContain(job.Id, await _stores.Jobs.GetStoppingAsync());
    }

    [Fact]
    public async Task A_task_recorded_after_the_stopping_pass_read_the_job_keeps_the_job_noted_until_that_task_is_stopped()
    {
        var job = await JobInAsync(JobStatus.Launching);
        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Cancelled));
        var read = (await _stores.Jobs.GetAsync(job.Id))!;
        // The launch ends just after: it records its task on the cancelled job and notes it again.
        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(TaskRef: "task-late"));
        await _stores.Jobs.StopLaterAsync(job.Id);

        Assert.False(await _stores.Jobs.StoppedAsync(job.Id, read.TaskRef));
        Assert.Contains(job.Id, await _stores.Jobs.GetStoppingAsync());
        Assert.True(await _stores.Jobs.StoppedAsync(job.Id, "task-late"));
        Assert.DoesNotContain(job.Id, await _stores.Jobs.GetStoppingAsync());
    }

    [Fact]
    public async Task A_job_that_fails_is_noted_for_stopping_too()
    {
        var job = await JobInAsync(JobStatus.Running);

        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Failed));

        Assert.Contains(job.Id, await _stores.Jobs.GetStoppingAsync());
    }

    [Fact]
    public async Task A_job_that_succeeds_is_not_noted_for_stopping()
    {
        var job = await JobInAsync(JobStatus.Running);

        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Succeeded));

        Assert.DoesNotContain(job.Id, await _stores.Jobs.GetStoppingAsync());
    }

    private async Task<AgentJob> JobInAsync(JobStatus status)
    {
        var job = (await _stores.AddJobAsync()).Job!;
        foreach (var step in PathTo[status])
        {
            var result = await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(step));
            Assert.Equal(ChangeOutcome.Changed, result.Outcome);
        }
        return (await _stores.Jobs.GetAsync(job.Id))!;
    }

    private async Task<List<JobStatus>> StatusIndexesOfAsync(string jobId)
    {
        var found = new List<JobStatus>();
        foreach (var status in AllStatuses)
        {
            if (await _stores.Db.SortedSetScoreAsync(RedisKeys.JobsByStatus(status), jobId) is not null)
            {
                found.Add(status);
            }
        }
        return found;
    }

    private async Task<List<ClusterStatus>> ClusterStatusIndexesOfAsync(string clusterId)
    {
        var found = new List<ClusterStatus>();
        foreach (var status in Enum.GetValues<ClusterStatus>())
        {
            if (await _stores.Db.SortedSetScoreAsync(RedisKeys.ClustersByStatus(status), clusterId) is not null)
            {
                found.Add(status);
            }
        }
        return found;
    }
}

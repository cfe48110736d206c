using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Tests;

public sealed class JobStoreCreateTests : IClassFixture<RedisServer>
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly RedisServer _redis;
    private readonly StoreSet _stores;

    public JobStoreCreateTests(RedisServer redis)
    {
        _redis = redis;
        _stores = new StoreSet(redis.Connection, new ManualClock(Now));
    }

    [Fact]
    public async Task Create_returns_a_queued_job_with_a_token()
    {
        var cluster = await _stores.AddClusterAsync();

        var creation = await _stores.Jobs.CreateAsync(cluster.Id, TestData.RepoUrl, "process", enqueue: false, null);

        Assert.Equal(JobCreationOutcome.Created, creation.Outcome);
        var job = creation.Job!;
        Assert.True(RecordId.IsValid(job.Id));
        Assert.Equal(cluster.Id, job.ClusterId);
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(1, job.Attempt);
        Assert.Equal("process", job.Launcher);
        Assert.Equal(TestData.RepoUrl, job.RepoUrl);
        Assert.Equal(Now, job.CreatedAt);
        Assert.Null(job.PrUrl);
        Assert.False(string.IsNullOrEmpty(creation.Token));
    }

    [Fact]
    public async Task Create_for_a_retry_records_the_attempt_and_the_job_it_retries()
    {
        var cluster = await _stores.AddClusterAsync();

        var creation = await _stores.Jobs.CreateAsync(cluster.Id, TestData.RepoUrl, "process", enqueue: true, null, attempt: 3, retryOf: "job-before");

        var job = creation.Job!;
        Assert.Equal(3, job.Attempt);
        Assert.Equal("job-before", job.RetryOf);
    }

    [Fact]
    public async Task Create_marks_the_cluster_fixing_with_the_job_active()
    {
        var cluster = await _stores.AddClusterAsync(items: 2);

        var creation = await _stores.Jobs.CreateAsync(cluster.Id, TestData.RepoUrl, "process", enqueue: false, null);

        var stored = await _stores.Clusters.GetAsync(cluster.Id);
        Assert.Equal(ClusterStatus.Fixing, stored!.Status);
        Assert.Equal(creation.Job!.Id, stored.ActiveJobId);
        Assert.Equal(stored, creation.Cluster);
        Assert.Null(await _stores.Db.SortedSetScoreAsync(RedisKeys.ClustersByStatus(ClusterStatus.New), cluster.Id));
        Assert.Equal(2, await _stores.Db.SortedSetScoreAsync(RedisKeys.ClustersByStatus(ClusterStatus.Fixing), cluster.Id));
    }

    [Fact]
    public async Task Create_writes_the_job_hash_per_the_contract()
    {
        var cluster = await _stores.AddClusterAsync();

        var creation = await _stores.Jobs.CreateAsync(cluster.Id, TestData.RepoUrl, "ecs", enqueue: false, null);

        var hash = (await _stores.Db.HashGetAllAsync(RedisKeys.Job(creation.Job!.Id))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(creation.Job.Id, hash["id"]);
        Assert.Equal(cluster.Id, hash["cluster_id"]);
        Assert.Equal("queued", hash["status"]);
        Assert.Equal("1", hash["attempt"]);
        Assert.Equal("ecs", hash["launcher"]);
        Assert.Equal("2026-03-01T10:00:00.000Z", hash["created_at"]);
        Assert.Equal("2026-03-01T10:00:00.000Z", hash["updated_at"]);
        Assert.DoesNotContain(hash.Values, v => v == creation.Token);
    }

    [Fact]
    public async Task Create_adds_the_job_to_jobs_all_cluster_jobs_and_status_queued()
    {
        var cluster = await _stores.AddClusterAsync();

        var creation = await _stores.Jobs.CreateAsync(cluster.Id, TestData.RepoUrl, "process", enqueue: false, null);

        var id = creation.Job!.Id;
        var score = Now.ToUnixTimeMilliseconds();
        Assert.Equal(score, await _stores.Db.SortedSetScoreAsync(RedisKeys.JobsAll, id));
        Assert.Equal(score, await _stores.Db.SortedSetScoreAsync(RedisKeys.ClusterJobs(cluster.Id), id));
        Assert.Equal(score, await _stores.Db.SortedSetScoreAsync("jobs:status:queued", id));
    }

    [Fact]
    public async Task Create_with_enqueue_adds_one_stream_jobs_entry_carrying_the_token()
    {
        var cluster = await _stores.AddClusterAsync();

        var creation = await _stores.Jobs.CreateAsync(cluster.Id, TestData.RepoUrl, "process", enqueue: true, TestData.TraceParent);

        var entry = Assert.Single(await JobStreamEntriesForAsync(creation.Job!.Id));
        Assert.Equal(creation.Token, (string?)entry["token"]);
        Assert.Equal(TestData.TraceParent, (string?)entry["traceparent"]);
    }

    [Fact]
    public async Task Create_with_enqueue_keeps_the_plain_token_only_in_the_stream_entry()
    {
        var cluster = await _stores.AddClusterAsync();

        var creation = await _stores.Jobs.CreateAsync(cluster.Id, TestData.RepoUrl, "process", enqueue: true, null);

        var places = await RedisSearch.FindEverywhereAsync(_redis.Connection, _redis.Port, creation.Token!);
        var place = Assert.Single(places);
        Assert.StartsWith("stream:jobs ", place, StringComparison.Ordinal);
        Assert.EndsWith(" token", place, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_without_enqueue_adds_no_stream_entry_and_keeps_no_plain_token()
    {
        var cluster = await _stores.AddClusterAsync();

        var creation = await _stores.Jobs.CreateAsync(cluster.Id, TestData.RepoUrl, "process", enqueue: false, null);

        Assert.Empty(await JobStreamEntriesForAsync(creation.Job!.Id));
        Assert.Empty(await RedisSearch.FindEverywhereAsync(_redis.Connection, _redis.Port, creation.Token!));
    }

    [Fact]
    public async Task Create_gives_each_job_its_own_token()
    {
        var first = await _stores.AddJobAsync();
        var second = await _stores.AddJobAsync();

        Assert.NotEqual(first.Token, second.Token);
    }

    [Fact]
    public async Task Create_ten_times_at_once_for_one_cluster_creates_exactly_one_job()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var cluster = await stores.AddClusterAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            stores.Jobs.CreateAsync(cluster.Id, TestData.RepoUrl, "process", enqueue: true, null)));

        var created = Assert.Single(results, r => r.Outcome == JobCreationOutcome.Created);
        Assert.All(results.Where(r => r != created), r => Assert.Equal(JobCreationOutcome.ClusterBusy, r.Outcome));
        Assert.Equal(created.Job!.Id, (await stores.Clusters.GetAsync(cluster.Id))!.ActiveJobId);
        Assert.Equal(1, await stores.Db.SortedSetLengthAsync(RedisKeys.JobsAll));
        Assert.Equal(1, await stores.Db.SortedSetLengthAsync(RedisKeys.ClusterJobs(cluster.Id)));
        Assert.Equal(1, await stores.Db.StreamLengthAsync(RedisKeys.JobsStream));
    }

    [Fact]
    public async Task Create_while_a_job_is_active_is_cluster_busy()
    {
        var first = await _stores.AddJobAsync();

        var second = await _stores.Jobs.CreateAsync(first.Cluster!.Id, TestData.RepoUrl, "process", enqueue: true, null);

        Assert.Equal(JobCreationOutcome.ClusterBusy, second.Outcome);
        Assert.Null(second.Job);
        Assert.Null(second.Token);
        Assert.Equal(ClusterStatus.Fixing, second.Cluster!.Status);
        Assert.Equal(first.Job!.Id, second.Cluster.ActiveJobId);
    }

    [Theory]
    [InlineData(ClusterStatus.Fixed)]
    [InlineData(ClusterStatus.Ignored)]
    public async Task Create_for_a_fixed_or_ignored_cluster_is_cluster_busy_and_writes_no_job(ClusterStatus status)
    {
        var cluster = await _stores.AddClusterAsync();
        await _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: status), StatusTransitions.UserMayMove);

        var creation = await _stores.Jobs.CreateAsync(cluster.Id, TestData.RepoUrl, "process", enqueue: true, null);

        Assert.Equal(JobCreationOutcome.ClusterBusy, creation.Outcome);
        Assert.Equal(status, (await _stores.Clusters.GetAsync(cluster.Id))!.Status);
        Assert.Equal(0, await _stores.Db.SortedSetLengthAsync(RedisKeys.ClusterJobs(cluster.Id)));
    }

    [Fact]
    public async Task Create_for_an_unknown_cluster_is_cluster_not_found()
    {
        var clusterId = Ids.New();

        var creation = await _stores.Jobs.CreateAsync(clusterId, TestData.RepoUrl, "process", enqueue: true, null);

        Assert.Equal(JobCreationOutcome.ClusterNotFound, creation.Outcome);
        Assert.Null(creation.Job);
        Assert.False(await _stores.Db.KeyExistsAsync(RedisKeys.Cluster(clusterId)));
    }

    [Fact]
    public async Task Create_for_a_new_cluster_again_after_its_job_failed_succeeds()
    {
        var first = await _stores.AddJobAsync();
        await _stores.Jobs.ChangeAsync(first.Job!.Id, new JobChanges(JobStatus.Failed, Error: "boom"));

        var second = await _stores.Jobs.CreateAsync(first.Cluster!.Id, TestData.RepoUrl, "process", enqueue: false, null);

        Assert.Equal(JobCreationOutcome.Created, second.Outcome);
        Assert.Equal(second.Job!.Id, second.Cluster!.ActiveJobId);
        var jobs = await _stores.Jobs.ListForClusterAsync(first.Cluster.Id, null, 10);
        // Both listed; ids made in one millisecond need not sort in the order they were made.
        Assert.Equal(new[] { first.Job.Id, second.Job.Id }.Order(StringComparer.Ordinal), jobs.Items.Select(j => j.Id).Order(StringComparer.Ordinal));
    }

    private async Task<List<StreamEntry>> JobStreamEntriesForAsync(string jobId) =>
        [.. (await _stores.Db.StreamRangeAsync(RedisKeys.JobsStream)).Where(e => e["job_id"] == jobId)];
}

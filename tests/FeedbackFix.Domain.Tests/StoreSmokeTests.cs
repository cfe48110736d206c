using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

public sealed class StoreSmokeTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Feedback_cluster_and_job_flow_round_trips()
    {
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var clusters = new ClusterStore(redis.Connection, feedback, TimeProvider.System);
        var jobs = new JobStore(redis.Connection, clusters, TimeProvider.System);

        var first = await feedback.AddAsync(new NewFeedback(FeedbackSource.Manual, "ext-1", "Crash", "It crashes", null, "ann", DateTimeOffset.UtcNow), "00-abc-def-01");
        var again = await feedback.AddAsync(new NewFeedback(FeedbackSource.Manual, "ext-1", "Crash", "It crashes", null, "ann", DateTimeOffset.UtcNow), null);
        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Id, again.Id);

        var cluster = await clusters.CreateAsync(new NewCluster("Crash", "summary", [first.Id]));
        var page = await clusters.ListAsync(null, null, 10);
        Assert.Contains(page.Items, c => c.Id == cluster.Id);
        var items = await clusters.GetItemsAsync(cluster.Id, null, 10);
        Assert.Equal(first.Id, Assert.Single(items.Items).Id);

        var creation = await jobs.CreateAsync(cluster.Id, "https://github.com/o/r", "manual", enqueue: true, null);
        Assert.Equal(JobCreationOutcome.Created, creation.Outcome);
        Assert.Equal(ClusterStatus.Fixing, creation.Cluster!.Status);
        var second = await jobs.CreateAsync(cluster.Id, "https://github.com/o/r", "manual", enqueue: true, null);
        Assert.Equal(JobCreationOutcome.ClusterBusy, second.Outcome);

        Assert.True(await jobs.VerifyTokenAsync(creation.Job!.Id, creation.Token));
        Assert.False(await jobs.VerifyTokenAsync(creation.Job!.Id, "nope"));

        var running = await jobs.ChangeAsync(creation.Job.Id, new JobChanges(JobStatus.Running, ["hello"]));
        Assert.Equal(JobStatus.Running, running.Record!.Status);
        var done = await jobs.ChangeAsync(creation.Job.Id, new JobChanges(JobStatus.Succeeded, ["bye"], PrUrl: "https://github.com/o/r/pull/1"));
        Assert.Equal(ChangeOutcome.Changed, done.Outcome);
        Assert.Equal(ClusterStatus.Fixed, (await clusters.GetAsync(cluster.Id))!.Status);
        Assert.Equal(2, (await jobs.GetLogsAsync(creation.Job.Id, null, 100)).Count);
        var back = await jobs.ChangeAsync(creation.Job.Id, new JobChanges(JobStatus.Running));
        Assert.Equal(ChangeOutcome.Forbidden, back.Outcome);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.AgentOrchestrator.Launching;
using FeedbackFix.AgentOrchestrator.Tests.Support;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Redis;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.AgentOrchestrator.Tests;

/// <summary>The worker on stream:jobs: entries taken, acknowledged and removed, or given up on.</summary>
public sealed class JobLaunchWorkerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_queued_job_is_launched_and_its_entry_with_the_token_leaves_the_stream()
    {
        await using var scenario = await StartAsync();
        var (job, _) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        using var worker = await RunWorkerAsync(scenario);
        await Eventually.TrueAsync(async () => (await scenario.Jobs.GetAsync(job.Id))!.Status == JobStatus.Running, TimeSpan.FromSeconds(20), "the job to get there");

        await Eventually.TrueAsync(async () => !(await EntriesAsync()).Any(e => e["job_id"] == job.Id), TimeSpan.FromSeconds(20), "the job to get there");
        Assert.Single(scenario.Launcher.Launches, launch => launch.JobId == job.Id);
    }

    [Fact]
    public async Task A_job_queued_after_stream_jobs_was_deleted_is_launched_without_a_restart()
    {
        await using var scenario = await StartAsync();
        var (before, _) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());
        using var worker = await RunWorkerAsync(scenario);
        await Eventually.TrueAsync(async () => (await scenario.Jobs.GetAsync(before.Id))!.Status == JobStatus.Running, TimeSpan.FromSeconds(20), "the first job to run");

        // The stream goes with its consumer group (DEL, FLUSHALL, a Redis back without its last writes); start_fix makes it again.
        await redis.Connection.GetDatabase().KeyDeleteAsync(RedisKeys.JobsStream);
        var (after, _) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        await Eventually.TrueAsync(async () => (await scenario.Jobs.GetAsync(after.Id))!.Status == JobStatus.Running, TimeSpan.FromSeconds(20), "the job queued after the deletion to run");
        Assert.Single(scenario.Launcher.Launches, launch => launch.JobId == after.Id);
    }

    [Fact]
    public async Task A_job_that_cannot_be_launched_in_MaxDeliveries_tries_fails_with_the_last_reason()
    {
        await using var scenario = await StartAsync();
        scenario.Launcher.DuringLaunch = _ => throw new AgentLaunchException("ECS is throttling RunTask", isTransient: true);
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        using var worker = await RunWorkerAsync(scenario);
        await Eventually.TrueAsync(async () => (await scenario.Jobs.GetAsync(job.Id))!.Status == JobStatus.Failed, TimeSpan.FromSeconds(20), "the job to get there");

        // The job fails first (the queue tells the launcher it gives up), then the entry moves to the dead letters.
        var deadLetters = RedisKeys.JobsStream.Append(":dead");
        await Eventually.TrueAsync(async () => (await redis.Connection.GetDatabase().StreamRangeAsync(deadLetters)).Any(e => e["job_id"] == job.Id),
            TimeSpan.FromSeconds(20), "the entry to be dead-lettered");

        Assert.Equal("the agent could not be launched: ECS is throttling RunTask", (await scenario.Jobs.GetAsync(job.Id))!.Error);
        var letter = Assert.Single(await redis.Connection.GetDatabase().StreamRangeAsync(deadLetters), e => e["job_id"] == job.Id);
        Assert.True(letter["token"].IsNull);
        Assert.DoesNotContain(await EntriesAsync(), e => e["token"] == token);
    }

    [Fact]
    public async Task A_launch_that_takes_longer_than_RetryLaunchAfter_is_kept_and_not_launched_again_elsewhere()
    {
        // Long enough that a keep (every third of it) late by a busy machine still comes before a claim.
        var retryLaunchAfter = TimeSpan.FromSeconds(2);
        await using var scenario = await StartAsync(retryLaunchAfter);
        var (job, _) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());
        var release = new TaskCompletionSource();
        var calls = 0;
        scenario.Launcher.DuringLaunch = _ =>
        {
            Interlocked.Increment(ref calls);
            return release.Task;
        };

        using var first = await RunWorkerAsync(scenario);
        using var second = await RunWorkerAsync(scenario, consumer: $"other-{Guid.NewGuid():N}");
        // The launch outlasts RetryLaunchAfter twice over while the other worker looks for idle entries.
        await Task.Delay(retryLaunchAfter * 2);
        release.SetResult();
        await Eventually.TrueAsync(async () => (await scenario.Jobs.GetAsync(job.Id))!.Status == JobStatus.Running, TimeSpan.FromSeconds(20), "the job to get there");

        Assert.Equal(1, calls);
        Assert.Single(scenario.Launcher.Launches, launch => launch.JobId == job.Id);
    }

    [Fact]
    public async Task A_slow_launch_does_not_hold_back_the_next_job()
    {
        await using var scenario = await StartAsync();
        var (slow, _) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());
        var (quick, _) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());
        var release = new TaskCompletionSource();
        scenario.Launcher.DuringLaunch = launch => launch.JobId == slow.Id ? release.Task : Task.CompletedTask;

        using var worker = await RunWorkerAsync(scenario);
        await Eventually.TrueAsync(async () => (await scenario.Jobs.GetAsync(quick.Id))!.Status == JobStatus.Running, TimeSpan.FromSeconds(20), "the job to get there");

        Assert.Equal(JobStatus.Launching, (await scenario.Jobs.GetAsync(slow.Id))!.Status);
        release.SetResult();
    }

    [Fact]
    public async Task A_launchs_span_has_the_GitHub_calls_and_the_launcher_call_as_children()
    {
        await using var scenario = await StartAsync();
        var (job, _) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());
        var spans = new ConcurrentQueue<Activity>();
        var launchEnded = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OrchestratorTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                spans.Enqueue(activity);
                if (activity.OperationName == "launch job" && (string?)activity.GetTagItem("feedbackfix.job_id") == job.Id)
                {
                    launchEnded.TrySetResult(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var worker = await RunWorkerAsync(scenario);
        var launch = await launchEnded.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var children = spans.Where(span => span.ParentSpanId == launch.SpanId && span.TraceId == launch.TraceId).ToList();
        Assert.Contains(children, span => span.OperationName == "GitHub find issue");
        Assert.Contains(children, span => span.OperationName == "GitHub create issue");
        var agent = Assert.Single(children, span => span.OperationName == "launch agent");
        Assert.Equal(RecordingLauncher.LauncherName, agent.GetTagItem("feedbackfix.launcher"));
    }

    private static readonly TimeSpan RetryLaunchAfter = TimeSpan.FromMilliseconds(600);

    private Task<OrchestratorScenario> StartAsync(TimeSpan? retryLaunchAfter = null) =>
        OrchestratorScenario.StartAsync(redis.Connection, configure: options =>
        {
            options.MaxDeliveries = 2;
            options.RetryLaunchAfter = retryLaunchAfter ?? RetryLaunchAfter;
            options.PollInterval = TimeSpan.FromMilliseconds(50);
            options.ConsumerName = $"test-{Guid.NewGuid():N}";
        });

    private async Task<StreamEntry[]> EntriesAsync() => await redis.Connection.GetDatabase().StreamRangeAsync(RedisKeys.JobsStream);

    private static async Task<RunningWorker> RunWorkerAsync(OrchestratorScenario scenario, string? consumer = null)
    {
        var options = scenario.Services.GetRequiredService<IOptions<OrchestratorOptions>>().Value;
        var worker = consumer is null
            ? ActivatorUtilities.CreateInstance<JobLaunchWorker>(scenario.Services)
            : ActivatorUtilities.CreateInstance<JobLaunchWorker>(scenario.Services, Options.Create(new OrchestratorOptions
            {
                BackendUrl = options.BackendUrl,
                MaxDeliveries = options.MaxDeliveries,
                RetryLaunchAfter = options.RetryLaunchAfter,
                PollInterval = options.PollInterval,
                ConsumerName = consumer,
            }));
        await worker.StartAsync(CancellationToken.None);
        return new RunningWorker(worker);
    }

    private sealed class RunningWorker(JobLaunchWorker worker) : IDisposable
    {
        public void Dispose()
        {
            worker.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            worker.Dispose();
        }
    }
}

using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Dashboard.Components.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Dashboard.Tests;

public sealed class JobStepsTests : BunitContext
{
    public JobStepsTests() => Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData(JobStatus.Queued, "Current Upcoming Upcoming Upcoming")]
    [InlineData(JobStatus.Launching, "Done Current Upcoming Upcoming")]
    [InlineData(JobStatus.Running, "Done Done Current Upcoming")]
    public void An_active_job_is_at_its_status_with_the_steps_before_it_done(JobStatus status, string expected)
    {
        var states = JobStep.Of(FakeApi.NewJob(status)).Select(s => s.State.ToString());

        Assert.Equal(expected, string.Join(' ', states));
    }

    [Theory]
    [InlineData(JobStatus.Succeeded, "Succeeded")]
    [InlineData(JobStatus.Failed, "Failed")]
    [InlineData(JobStatus.Cancelled, "Cancelled")]
    public void An_ended_job_ends_on_how_it_ended_at_its_last_update(JobStatus status, string name)
    {
        var job = FakeApi.NewJob(status) with { TaskRef = "pid 42" };

        var last = JobStep.Of(job)[^1];

        Assert.Equal((name, StepState.Current, job.UpdatedAt), (last.Name, last.State, last.Time));
    }

    [Fact]
    public void A_job_that_ended_before_it_launched_does_not_claim_it_launched_or_ran()
    {
        var states = JobStep.Of(FakeApi.NewJob(JobStatus.Failed)).Select(s => s.State);

        Assert.Equal([StepState.Done, StepState.NotReached, StepState.NotReached, StepState.Current], states);
    }

    [Fact]
    public void A_job_run_by_its_caller_passes_over_launching()
    {
        var states = JobStep.Of(FakeApi.NewJob(JobStatus.Running, launcher: "manual")).Select(s => s.State);

        Assert.Equal([StepState.Done, StepState.NotReached, StepState.Current, StepState.Upcoming], states);
    }

    [Fact]
    public void A_job_run_by_its_caller_that_reported_and_then_failed_shows_it_ran()
    {
        var job = FakeApi.NewJob(JobStatus.Failed, launcher: "manual") with { HeartbeatAt = DateTimeOffset.UtcNow };

        var states = JobStep.Of(job).Select(s => s.State);

        Assert.Equal([StepState.Done, StepState.NotReached, StepState.Done, StepState.Current], states);
    }

    [Fact]
    public void A_job_run_by_its_caller_cancelled_before_it_ran_does_not_claim_it_ran()
    {
        var job = FakeApi.NewJob(JobStatus.Cancelled, launcher: "manual") with { HeartbeatAt = DateTimeOffset.UtcNow };

        var states = JobStep.Of(job).Select(s => s.State);

        Assert.Equal([StepState.Done, StepState.NotReached, StepState.NotReached, StepState.Current], states);
    }

    [Fact]
    public void Only_the_created_and_ended_times_are_shown_because_the_api_keeps_no_other()
    {
        var times = JobStep.Of(FakeApi.NewJob(JobStatus.Succeeded)).Select(s => s.Time);

        Assert.Equal([FakeApi.NewJob(JobStatus.Succeeded).CreatedAt, null, null, FakeApi.NewJob(JobStatus.Succeeded).UpdatedAt], times);
    }

    [Fact]
    public void The_current_step_is_marked_for_assistive_technology_in_an_ordered_list()
    {
        var cut = Render<JobSteps>(p => p.Add(s => s.Job, FakeApi.NewJob(JobStatus.Running)));

        var current = cut.FindAll("ol[aria-label='Progress'] > li[aria-current='step']");
        Assert.Single(current);
        Assert.Contains("Running", current[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("created", cut.FindAll("li")[0].TextContent, StringComparison.Ordinal);
    }
}

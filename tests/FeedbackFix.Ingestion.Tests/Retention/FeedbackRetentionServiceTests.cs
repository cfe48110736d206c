using FeedbackFix.Ingestion.Retention;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Ingestion.Tests.Retention;

/// <summary>The background service: when passes run, and that nothing Redis does stops it.</summary>
public sealed class FeedbackRetentionServiceTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Off_by_default_the_service_ends_at_start_and_deletes_nothing()
    {
        await using var scenario = await RetentionScenario.StartAsync();
        var ancient = await scenario.AddReportAsync(TimeSpan.FromDays(3650));
        using var service = scenario.Service(new RetentionOptions());

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(Within);

        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
        Assert.True(await scenario.ExistsAsync(ancient));
        Assert.Contains(scenario.ServiceLog.Collector.GetSnapshot(), r => r.Message.Contains("Retention:FeedbackMaxAgeDays is 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pass_runs_at_start_and_again_every_interval_as_reports_come_of_age()
    {
        await using var scenario = await RetentionScenario.StartAsync();
        var old = await scenario.AddReportAsync(TimeSpan.FromDays(31));
        var ofAgeTomorrow = await scenario.AddReportAsync(TimeSpan.FromDays(29.5));
        using var service = scenario.Service(new RetentionOptions { FeedbackMaxAgeDays = 30, Interval = TimeSpan.FromHours(1) });

        await service.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () => !await scenario.ExistsAsync(old), Within, "the pass at start to delete the old report");
        Assert.True(await scenario.ExistsAsync(ofAgeTomorrow));

        scenario.Clock.Advance(TimeSpan.FromDays(1));

        await Eventually.TrueAsync(async () => !await scenario.ExistsAsync(ofAgeTomorrow), Within, "a later pass to delete the report come of age");
        await service.StopAsync(CancellationToken.None);
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_Redis_that_stops_answering_keeps_the_service_running_and_the_pass_runs_once_it_answers()
    {
        await using var scenario = await RetentionScenario.StartAsync();
        var old = await scenario.AddReportAsync(TimeSpan.FromDays(40));
        using var service = scenario.Service(new RetentionOptions { FeedbackMaxAgeDays = 30 });
        scenario.Redis.Pause();

        await service.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(
            () => scenario.ServiceLog.Collector.GetSnapshot().Any(r => r.Message.StartsWith("Redis is unavailable to retention", StringComparison.Ordinal)),
            Within, "retention to notice that Redis does not answer");
        scenario.Redis.Resume();

        Assert.False(service.ExecuteTask!.IsCompleted);
        await Eventually.TrueAsync(async () =>
        {
            scenario.Clock.Advance(TimeSpan.FromSeconds(5));
            return !await scenario.ExistsAsync(old);
        }, Within, "the pass to run once Redis answers");
        await service.StopAsync(CancellationToken.None);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.Poller.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task A_cycle_counts_fetched_ingested_duplicates_requests_and_rate_limit_waits()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        var sub = scenario.Reddit.Subreddit("dotnet");
        sub.Publish(4);
        sub.ThrottleNext = 1;
        var meters = scenario.App.Services.GetRequiredService<IMeterFactory>();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "FeedbackFix.Poller" && instrument.Meter.Scope == meters)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        listener.Start();
        _ = scenario.Poller;

        await scenario.PollOnceAsync();

        Assert.Equal(4, totals.GetValueOrDefault("feedbackfix.poller.fetched"));
        Assert.Equal(4, totals.GetValueOrDefault("feedbackfix.poller.ingested"));
        Assert.Equal(0, totals.GetValueOrDefault("feedbackfix.poller.duplicates"));
        Assert.Equal(2, totals.GetValueOrDefault("feedbackfix.poller.requests"));
        Assert.Equal(1, totals.GetValueOrDefault("feedbackfix.poller.rate_limit_waits"));
    }
}

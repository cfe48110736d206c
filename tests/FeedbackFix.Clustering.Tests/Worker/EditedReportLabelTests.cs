using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>A report edited after it was clustered (a GitHub issue's <c>edited</c>) has its cluster's labels follow the new text.</summary>
public sealed class EditedReportLabelTests
{
    private static readonly DateTimeOffset Opened = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_edited_report_of_a_clustered_item_has_its_cluster_relabelled_with_the_new_text_at_the_next_flush()
    {
        await using var harness = await LabelingHarness.StartAsync(new LabelingOptions());
        var clusterId = await harness.OpenClusterAsync([Issue("Login fails on Android", "Signing in on Android fails with a blank page.")], asBatch: true);
        await harness.DeliverQueuedAsync();
        await harness.FlushAsync(clusterId);
        Assert.Equal("Login fails on Android", (await harness.GetAsync(clusterId)).Title);

        var edit = await harness.Feedback.AddOrUpdateAsync(
            Issue("Dark theme resets after restart", "The dark theme setting resets to light after every restart."), "delivery-2", replaceText: true, sourceUpdatedAt: null, traceParent: null);
        await harness.DeliverQueuedAsync();
        await harness.FlushPendingAsync();

        Assert.True(edit.Updated);
        var cluster = await harness.GetAsync(clusterId);
        Assert.Equal("Dark theme resets after restart", cluster.Title);
        Assert.Contains("theme", cluster.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("android", cluster.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, cluster.Size);
    }

    [Fact]
    public async Task A_redelivered_entry_of_an_unchanged_clustered_report_relabels_nothing()
    {
        await using var harness = await LabelingHarness.StartAsync(new LabelingOptions());
        var clusterId = await harness.OpenClusterAsync([Issue("Login fails on Android", "Signing in on Android fails with a blank page.")], asBatch: true);
        await harness.DeliverQueuedAsync();
        await harness.FlushAsync(clusterId);
        var calls = harness.Summarizer.Calls.Count;
        var entry = Assert.Single(await harness.Db.StreamRangeAsync("stream:feedback"));

        await harness.Db.StreamAddAsync("stream:feedback", entry.Values);
        await harness.DeliverQueuedAsync();
        await harness.FlushPendingAsync();

        Assert.Equal(calls, harness.Summarizer.Calls.Count);
    }

    private static NewFeedback Issue(string title, string body) =>
        new(FeedbackSource.Github, "issue-4711", title, body, "https://github.com/acme/app/issues/12", "octocat", Opened);
}

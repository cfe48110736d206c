using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>
/// A flush of labels that fails or is cancelled part-way, and a writer that goes before it flushed,
/// leave no cluster without a label for good: what was not saved is labelled by the next flush.
/// </summary>
public sealed class InterruptedLabelFlushTests
{
    private static readonly DateTimeOffset Opened = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>More than one chunk of a flush (32 clusters): the flush fails after its first.</summary>
    private const int ClusterCount = 40;

    [Fact]
    public async Task A_flush_Redis_stops_answering_part_way_leaves_the_clusters_it_did_not_label_to_the_next_flush()
    {
        LabelingHarness? harness = null;
        await using var started = await LabelingHarness.StartAsync(new LabelingOptions(),
            labeler => new HookedSummarizer(new TermsClusterSummarizer(labeler), call =>
            {
                // Redis freezes while the first chunk is labelled: its saves time out unanswered.
                if (call == 1)
                {
                    harness!.PauseRedis();
                }
            }));
        harness = started;
        var clusters = await OpenClustersAsync(harness);
        harness.MarkChanged(clusters);

        var failure = await Record.ExceptionAsync(() => harness.FlushPendingAsync());
        harness.ResumeRedis();
        var titlesAfterFailure = await TitlesAsync(harness, clusters);
        await harness.FlushPendingAsync();

        Assert.NotNull(failure);
        Assert.True(RedisOutage.Is(failure), $"the writer takes it for an outage and goes on: {failure}");
        Assert.Contains("", titlesAfterFailure);
        Assert.DoesNotContain("", await TitlesAsync(harness, clusters));
        Assert.False(harness.HasPendingLabels);
    }

    [Fact]
    public async Task A_flush_cancelled_part_way_leaves_the_clusters_it_did_not_label_to_the_next_flush()
    {
        using var tenure = new CancellationTokenSource();
        await using var harness = await LabelingHarness.StartAsync(new LabelingOptions(),
            labeler => new HookedSummarizer(new TermsClusterSummarizer(labeler), call =>
            {
                // The lease is lost while the second chunk is summarised.
                if (call == 33)
                {
                    tenure.Cancel();
                }
            }));
        var clusters = await OpenClustersAsync(harness);
        harness.MarkChanged(clusters);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.FlushPendingAsync(tenure.Token));
        var titlesAfterCancel = await TitlesAsync(harness, clusters);
        await harness.FlushPendingAsync();

        Assert.Equal(32, titlesAfterCancel.Count(t => t.Length > 0));
        Assert.DoesNotContain("", await TitlesAsync(harness, clusters));
    }

    [Fact]
    public async Task A_writer_taking_over_labels_the_clusters_its_predecessor_left_without_a_label_and_no_others()
    {
        await using var harness = await LabelingHarness.StartAsync(new LabelingOptions());
        var labelled = await harness.OpenClusterAsync([Report("Export hangs at 99%", "The CSV export never finishes.")], asBatch: true);
        await harness.FlushAsync(labelled);
        // Committed and marked by the old writer, which went before it flushed.
        var left = await OpenClustersAsync(harness, count: 3);
        harness.MarkChanged(left);
        var calls = harness.Summarizer.Calls.Count;

        await harness.TakeOverAsync();
        await harness.FlushPendingAsync();

        Assert.DoesNotContain("", await TitlesAsync(harness, left));
        Assert.Equal(calls + left.Count, harness.Summarizer.Calls.Count);
        Assert.Equal("Export hangs at 99%", (await harness.GetAsync(labelled)).Title);
    }

    private static async Task<List<string>> OpenClustersAsync(LabelingHarness harness, int count = ClusterCount)
    {
        var clusters = new List<string>();
        for (var i = 0; i < count; i++)
        {
            clusters.Add(await harness.OpenClusterAsync([Report($"Crash number {i} on start", $"The app closes at start, case {i}.")], asBatch: true));
        }
        return clusters;
    }

    private static async Task<List<string>> TitlesAsync(LabelingHarness harness, IEnumerable<string> clusterIds)
    {
        var titles = new List<string>();
        foreach (var id in clusterIds)
        {
            titles.Add((await harness.GetAsync(id)).Title);
        }
        return titles;
    }

    private static NewFeedback Report(string title, string body) =>
        new(FeedbackSource.Manual, null, title, body, null, null, Opened);
}

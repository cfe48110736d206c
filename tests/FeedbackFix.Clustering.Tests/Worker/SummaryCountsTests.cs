using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Clustering.Tests.Labeling;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>A summary's counts sentence states the cluster's kept counts, not those of the items read to label it.</summary>
public sealed class SummaryCountsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>25 reports, one a day from 2026-04-01: 15 from reddit, 10 entered by hand.</summary>
    private static readonly IReadOnlyList<NewFeedback> TwentyFive =
        [.. Enumerable.Range(0, 25).Select(i => Report(i % 5 < 3 ? FeedbackSource.Reddit : FeedbackSource.Manual, T0.AddDays(i)))];

    private const string TwentyFiveFacts = "25 reports (reddit 15, manual 10), first seen 2026-04-01, last seen 2026-04-25.";

    [Fact]
    public async Task A_cluster_larger_than_MaxItemsRead_is_summarised_with_its_true_size_sources_and_first_and_last_seen()
    {
        await using var harness = await LabelingHarness.StartAsync(new LabelingOptions { MaxItemsRead = 10 });
        var clusterId = await harness.OpenClusterAsync(TwentyFive);

        await harness.FlushAsync(clusterId);

        var cluster = await harness.GetAsync(clusterId);
        Assert.StartsWith("Key terms: ", cluster.Summary);
        Assert.EndsWith(" " + TwentyFiveFacts, cluster.Summary);
        Assert.Equal(10, Assert.Single(harness.Summarizer.Calls).Items);
    }

    [Fact]
    public async Task A_chat_model_summary_of_a_cluster_larger_than_MaxItemsRead_ends_with_the_true_counts()
    {
        var chat = FakeChatClient.Answering("Title: Login fails on Android\nSummary: Signing in on Android fails after the update.");
        var options = new LabelingOptions { MaxItemsRead = 10 };
        await using var harness = await LabelingHarness.StartAsync(options,
            model: clock => new ChatClientSummarizer(chat, options, clock, NullLogger<ChatClientSummarizer>.Instance));
        var clusterId = await harness.OpenClusterAsync(TwentyFive);

        await harness.FlushAsync(clusterId);

        await Eventually.TrueAsync(async () => (await harness.GetAsync(clusterId)).Title == "Login fails on Android", TimeSpan.FromSeconds(20), "the model's label to be saved");
        Assert.Equal("Signing in on Android fails after the update. " + TwentyFiveFacts, (await harness.GetAsync(clusterId)).Summary);
        Assert.Contains("Size: " + TwentyFiveFacts, Assert.Single(chat.Requests)[^1].Text);
    }

    [Fact]
    public async Task A_cluster_that_grows_by_one_between_term_relabels_gets_its_counts_sentence_rewritten_and_keeps_its_terms()
    {
        // At 25 the policy relabels terms again only at 32 (25%), and the default sample reads all 25.
        await using var harness = await LabelingHarness.StartAsync(new LabelingOptions());
        var clusterId = await harness.OpenClusterAsync(TwentyFive);
        await harness.FlushAsync(clusterId);
        var labelled = await harness.GetAsync(clusterId);

        await harness.AddToClusterAsync(clusterId, Report(FeedbackSource.Manual, T0.AddDays(30)));
        await harness.FlushAsync(clusterId);

        var grown = await harness.GetAsync(clusterId);
        var lead = labelled.Summary[..^TwentyFiveFacts.Length];
        Assert.Equal(lead + "26 reports (reddit 15, manual 11), first seen 2026-04-01, last seen 2026-05-01.", grown.Summary);
        Assert.Equal(labelled.Title, grown.Title);
        Assert.Single(harness.Summarizer.Calls);
    }

    [Fact]
    public async Task A_cluster_labelled_before_the_lead_was_kept_is_labelled_again_on_its_next_change()
    {
        await using var harness = await LabelingHarness.StartAsync(new LabelingOptions());
        var clusterId = await harness.OpenClusterAsync(TwentyFive);
        await harness.FlushAsync(clusterId);
        // As an older worker left it: a summary counted from its items, and no lead.
        await harness.Db.HashDeleteAsync($"cluster:{clusterId}", "summary_lead");
        await harness.Db.HashSetAsync($"cluster:{clusterId}", "summary", "Key terms: login. 10 reports (manual 10), first seen 2026-04-16, last seen 2026-04-25.");

        await harness.AddToClusterAsync(clusterId, Report(FeedbackSource.Reddit, T0.AddDays(30)));
        await harness.FlushAsync(clusterId);

        var cluster = await harness.GetAsync(clusterId);
        Assert.EndsWith(" 26 reports (reddit 16, manual 10), first seen 2026-04-01, last seen 2026-05-01.", cluster.Summary);
        Assert.Equal(2, harness.Summarizer.Calls.Count);
        Assert.Equal(cluster.Summary, $"{await harness.Db.HashGetAsync($"cluster:{clusterId}", "summary_lead")} 26 reports (reddit 16, manual 10), first seen 2026-04-01, last seen 2026-05-01.");
    }

    private static NewFeedback Report(FeedbackSource source, DateTimeOffset createdAt) =>
        new(source, null, "Login fails on Android after the update", "I cannot sign in since the last update.", null, null, createdAt);
}

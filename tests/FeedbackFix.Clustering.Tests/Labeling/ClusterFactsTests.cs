using FeedbackFix.Clustering.Labeling;

namespace FeedbackFix.Clustering.Tests.Labeling;

public sealed class ClusterFactsTests
{
    [Fact]
    public void The_sentence_counts_reports_by_source_in_declaration_order_and_gives_first_and_last_seen_in_utc()
    {
        var facts = new ClusterFacts(
            4,
            new Dictionary<string, long> { ["github"] = 1, ["sentry"] = 1, ["reddit"] = 2 },
            new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.FromHours(3)),
            new DateTimeOffset(2026, 11, 28, 23, 30, 0, TimeSpan.FromHours(-5)));

        // Local 2026-11-02 01:00 +03:00 is 2026-11-01 UTC; 2026-11-28 23:30 -05:00 is 2026-11-29 UTC.
        Assert.Equal("4 reports (reddit 2, sentry 1, github 1), first seen 2026-11-01, last seen 2026-11-29.", facts.Sentence());
    }

    [Fact]
    public void A_cluster_not_counted_yet_states_its_size_only()
    {
        var facts = new ClusterFacts(1, new Dictionary<string, long>(), null, null);

        Assert.Equal("1 report.", facts.Sentence());
    }

    [Fact]
    public void A_summary_is_the_lead_then_the_counts_sentence_on_one_line()
    {
        var facts = new ClusterFacts(2, new Dictionary<string, long> { ["manual"] = 2 }, LabelItems.Start, LabelItems.Start);

        Assert.Equal("Key terms: login, android. 2 reports (manual 2), first seen 2026-11-02, last seen 2026-11-02.",
            ClusterLabel.Compose("Key terms: login,\nandroid.", facts));
        Assert.Equal("2 reports (manual 2), first seen 2026-11-02, last seen 2026-11-02.", ClusterLabel.Compose("", facts));
    }
}

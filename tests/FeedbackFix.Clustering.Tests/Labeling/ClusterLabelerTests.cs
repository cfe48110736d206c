using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Contracts.Feedback;
using static FeedbackFix.Clustering.Tests.Labeling.LabelItems;

namespace FeedbackFix.Clustering.Tests.Labeling;

public sealed class ClusterLabelerTests
{
    private readonly ClusterLabeler labeler = new(new LabelingOptions());

    [Fact]
    public void Title_is_the_title_of_the_item_nearest_the_centroid()
    {
        float[] centroid = [1, 0, 0];
        IReadOnlyList<LabelItem> items =
        [
            Item("a", "Something about the app", vector: [0.2f, 1, 0]),
            Item("b", "Login screen crashes on Android 14", vector: [0.9f, 0.1f, 0]),
            Item("c", "crash", vector: [0.5f, 0.5f, 0.5f]),
            Item("d", "No vector here"),
        ];

        var label = labeler.Label("c1", items, centroid, Corpus(("c1", items)));

        Assert.Equal("Login screen crashes on Android 14", label.Title);
    }

    [Fact]
    public void Title_ignores_vectors_of_another_dimension()
    {
        float[] centroid = [1, 0];
        IReadOnlyList<LabelItem> items =
        [
            Item("a", "Wrong space", vector: [1, 0, 0]),
            Item("b", "Right space", vector: [0.6f, 0.4f]),
        ];

        var label = labeler.Label("c1", items, centroid, Corpus(("c1", items)));

        Assert.Equal("Right space", label.Title);
    }

    [Fact]
    public void Without_vectors_the_title_is_the_most_frequent_then_shortest()
    {
        IReadOnlyList<LabelItem> items =
        [
            Item("a", "Upload fails for files over 2 GB on the desktop app"),
            Item("b", "Upload fails"),
            Item("c", "upload   FAILS"),
            Item("d", "Upload broken"),
        ];

        var label = labeler.Label("c1", items, [], Corpus(("c1", items)));

        Assert.Equal("Upload fails", label.Title);
    }

    [Fact]
    public void Title_is_one_line_of_at_most_300_characters()
    {
        var longTitle = "Crash\n when " + string.Join(' ', Enumerable.Repeat("opening", 80));
        IReadOnlyList<LabelItem> items = [Item("a", longTitle, vector: [1, 0])];

        var label = labeler.Label("c1", items, [1, 0], Corpus(("c1", items)));

        Assert.True(label.Title.Length <= 300, $"{label.Title.Length} characters");
        Assert.StartsWith("Crash when opening", label.Title);
        Assert.DoesNotContain('\n', label.Title);
    }

    [Fact]
    public void Summary_names_the_distinctive_terms_first_and_never_a_stop_word()
    {
        // "checkout" and "error" are equally frequent here, but every other cluster has errors too.
        IReadOnlyList<LabelItem> checkout =
        [
            Item("a", "Checkout error", "The checkout page shows an error."),
            Item("b", "Error during checkout", "Checkout ends in an error and there is nothing I can do."),
            Item("c", "Checkout fails with error", "Checkout gives an error when I pay."),
        ];
        IReadOnlyList<LabelItem> other =
        [
            Item("d", "Avatar upload error", "Uploading an avatar gives an error."),
            Item("e", "Search error", "Searching for anything shows an error."),
            Item("f", "Error when saving profile", "Saving my profile fails with an error."),
        ];
        var corpus = Corpus(("checkout", checkout), ("other", other));

        var label = labeler.Label("checkout", checkout, [], corpus);
        var terms = labeler.KeyTerms("checkout", checkout, corpus);

        Assert.Equal(6, corpus.CountIn("checkout", "checkout"));
        Assert.Equal(6, corpus.CountIn("checkout", "error"));
        Assert.Equal("checkout", terms[0]);
        Assert.StartsWith("Key terms: checkout, ", label.Lead);
        var named = terms.SelectMany(t => t.Split(' ')).ToList();
        Assert.DoesNotContain(named, StopWords.English.Contains);
        Assert.DoesNotContain("the", named);
        Assert.DoesNotContain("there", named);
    }

    [Fact]
    public void Key_terms_do_not_repeat_a_word_of_a_chosen_bigram()
    {
        IReadOnlyList<LabelItem> items =
        [
            Item("a", "Login screen freezes"),
            Item("b", "Login screen freezes again"),
            Item("c", "Frozen login screen"),
        ];
        var corpus = Corpus(("c1", items), ("c2", [Item("d", "Payments declined")]));

        var terms = labeler.KeyTerms("c1", items, corpus);

        Assert.Contains("login screen", terms);
        Assert.DoesNotContain("login", terms);
        Assert.DoesNotContain("screen", terms);
        Assert.Equal(terms.Count, terms.Distinct().Count());
    }

    [Fact]
    public void Summary_names_at_most_TopTerms_terms()
    {
        var topTwo = new ClusterLabeler(new LabelingOptions { TopTerms = 2 });
        IReadOnlyList<LabelItem> items = [Item("a", "alpha bravo charlie delta echo foxtrot golf hotel")];
        var corpus = Corpus(("c1", items));

        var terms = topTwo.KeyTerms("c1", items, corpus);

        Assert.Equal(2, terms.Count);
    }

    [Fact]
    public void A_cluster_missing_from_the_corpus_is_weighed_as_if_added()
    {
        IReadOnlyList<LabelItem> items = [Item("a", "Dark mode resets"), Item("b", "Dark mode resets after update")];
        var corpus = Corpus(("other", [Item("c", "Update failed"), Item("d", "Update stuck")]));

        var terms = labeler.KeyTerms("new", items, corpus);

        Assert.Equal("dark mode", terms[0]);
    }

    [Fact]
    public void Summary_stays_under_1000_characters_and_keeps_its_counts_sentence_whole()
    {
        var items = Enumerable.Range(0, 300)
            .Select(i => Item($"i{i}", $"{new string('x', 35)}{i:D4} {new string('y', 35)}{i:D4}", source: (FeedbackSource)(i % 4)))
            .ToList();
        var labeler50 = new ClusterLabeler(new LabelingOptions { TopTerms = 50 });
        var facts = new ClusterFacts(9_127, new Dictionary<string, long> { ["reddit"] = 9_000, ["manual"] = 127 }, Start, Start.AddDays(40));

        var summary = labeler50.Label("c1", items, [], Corpus(("c1", items))).Summary(facts);

        Assert.True(summary.Length < 1_000, $"{summary.Length} characters");
        Assert.StartsWith("Key terms: ", summary);
        Assert.EndsWith(" 9127 reports (reddit 9000, manual 127), first seen 2026-11-02, last seen 2026-12-12.", summary);
    }

    [Fact]
    public void An_empty_cluster_gets_a_placeholder_title_and_no_terms()
    {
        var label = labeler.Label("c7", [], [], new TermStatistics());

        Assert.Equal(new ClusterLabel("Cluster c7", ""), label);
        Assert.Equal("No reports.", label.Summary(new ClusterFacts(0, new Dictionary<string, long>(), null, null)));
    }

    [Fact]
    public void An_item_without_a_title_lends_its_first_body_line()
    {
        IReadOnlyList<LabelItem> items = [Item("a", "  ", "\n\n  Stack overflow in parser  \nat Foo.Bar()")];

        var label = labeler.Label("c1", items, [], Corpus(("c1", items)));

        Assert.Equal("Stack overflow in parser", label.Title);
    }
}

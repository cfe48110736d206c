using FeedbackFix.Clustering.Labeling;

namespace FeedbackFix.Clustering.Tests.Labeling;

public sealed class TermStatisticsTests
{
    [Fact]
    public void Tokenizer_drops_stop_words_short_tokens_and_pure_numbers()
    {
        var terms = TermTokenizer.Terms("The app is crashing on my phone after 2 minutes in 2026, ok?");

        Assert.DoesNotContain("the", terms);
        Assert.DoesNotContain("is", terms);
        Assert.DoesNotContain("on", terms);
        Assert.DoesNotContain("my", terms);
        Assert.DoesNotContain("ok", terms);
        Assert.DoesNotContain("2026", terms);
        Assert.DoesNotContain("2", terms);
        Assert.Contains("app", terms);
        Assert.Contains("crashing", terms);
        Assert.Contains("phone", terms);
        Assert.Contains("minutes", terms);
    }

    [Fact]
    public void Tokenizer_lower_cases_and_forms_bigrams_of_adjacent_words_only()
    {
        var terms = TermTokenizer.Terms("Login Screen freezes on Android 14");

        Assert.Equal(["login", "screen", "login screen", "freezes", "screen freezes", "android", "android 14"], terms);
    }

    [Fact]
    public void Tokenizer_forms_no_bigram_across_punctuation_but_does_across_a_hyphen()
    {
        var terms = TermTokenizer.Terms("Pixel 8, Samsung phones. Auto-save fails");

        Assert.Equal(["pixel", "pixel 8", "samsung", "phones", "samsung phones", "auto", "save", "auto save", "fails", "save fails"], terms);
    }

    [Fact]
    public void Tokenizer_keeps_contractions_together_so_they_stop_and_strips_possessives()
    {
        var terms = TermTokenizer.Terms("It doesn't load the user\u2019s avatar");

        Assert.Equal(["load", "user", "avatar", "user avatar"], terms);
    }

    [Fact]
    public void Tokenizer_drops_tokens_longer_than_the_limit()
    {
        var hash = new string('a', TermTokenizer.MaxTermLength + 1);

        var terms = TermTokenizer.Terms($"checksum {hash} mismatch");

        Assert.Equal(["checksum", "mismatch"], terms);
    }

    [Fact]
    public void Add_counts_terms_per_cluster_and_overall()
    {
        var corpus = new TermStatistics();

        corpus.Add("c1", "crash crash login");
        corpus.Add("c2", "crash upload");

        Assert.Equal(2, corpus.CountIn("c1", "crash"));
        Assert.Equal(1, corpus.CountIn("c2", "crash"));
        Assert.Equal(3, corpus.CountOverall("crash"));
        Assert.Equal(1, corpus.CountIn("c1", "crash login"));
        Assert.Equal(0, corpus.CountIn("c2", "login"));
        Assert.Equal(2, corpus.ClusterCount);
        // c1: crash, crash, crash crash, login, crash login (5); c2: crash, upload, crash upload (3).
        Assert.Equal(5, corpus.TermsIn("c1"));
        Assert.Equal(8, corpus.TotalTerms);
        Assert.Equal(4.0, corpus.AverageTermsPerCluster);
    }

    [Fact]
    public void Remove_undoes_Add()
    {
        var corpus = new TermStatistics();
        corpus.Add("c1", "Export to PDF fails with a blank page");
        var before = corpus.TermsOf("c1");
        var totalBefore = corpus.TotalTerms;
        var vocabularyBefore = corpus.VocabularySize;

        corpus.Add("c1", "Dark mode resets after update");
        corpus.Add("c2", "Dark mode toggle missing");
        corpus.Remove("c1", "Dark mode resets after update");
        corpus.Remove("c2", "Dark mode toggle missing");

        Assert.Equal(before, corpus.TermsOf("c1"));
        Assert.Equal(totalBefore, corpus.TotalTerms);
        Assert.Equal(vocabularyBefore, corpus.VocabularySize);
        Assert.Equal(0, corpus.CountOverall("dark mode"));
        Assert.False(corpus.Contains("c2"));
        Assert.Equal(1, corpus.ClusterCount);
    }

    [Fact]
    public void Remove_of_text_never_added_changes_nothing()
    {
        var corpus = new TermStatistics();
        corpus.Add("c1", "sync stalls");

        corpus.Remove("c1", "unrelated words here");
        corpus.Remove("c9", "sync stalls");

        Assert.Equal(1, corpus.CountIn("c1", "sync"));
        Assert.Equal(3, corpus.TotalTerms);
    }

    [Fact]
    public void Clear_forgets_everything()
    {
        var corpus = new TermStatistics();
        corpus.Add("c1", "sync stalls");

        corpus.Clear();

        Assert.Equal(0, corpus.ClusterCount);
        Assert.Equal(0, corpus.VocabularySize);
        Assert.Equal(0, corpus.TotalTerms);
        Assert.Equal(0, corpus.AverageTermsPerCluster);
    }

    [Fact]
    public void Distinctive_terms_rank_a_term_rare_elsewhere_above_one_common_everywhere()
    {
        var corpus = new TermStatistics();
        // "error" is as frequent in c1 as "checkout", but it is everywhere; "checkout" is c1's own.
        for (var i = 0; i < 5; i++)
        {
            corpus.Add("c1", "checkout error");
            corpus.Add("c2", "avatar error");
            corpus.Add("c3", "search error");
        }

        var ranked = corpus.DistinctiveTerms("c1", 10);

        Assert.Equal("checkout", ranked[0].Term);
        var checkout = ranked.Single(t => t.Term == "checkout").Weight;
        var error = ranked.Single(t => t.Term == "error").Weight;
        Assert.True(checkout > error, $"checkout {checkout} should outweigh error {error}");
        // tf * log(1 + A / f): A = 45 / 3 = 15; checkout f = 5, error f = 15.
        Assert.Equal(5 * Math.Log(1 + 15.0 / 5), checkout, 9);
        Assert.Equal(5 * Math.Log(1 + 15.0 / 15), error, 9);
    }

    [Fact]
    public void Distinctive_terms_are_best_first_and_bounded_by_count()
    {
        var corpus = new TermStatistics();
        corpus.Add("c1", "alpha alpha alpha beta beta gamma");
        corpus.Add("c2", "delta");

        var ranked = corpus.DistinctiveTerms("c1", 2);

        Assert.Equal(2, ranked.Count);
        Assert.Equal("alpha", ranked[0].Term);
        Assert.True(ranked[0].Weight >= ranked[1].Weight);
    }

    [Fact]
    public void Distinctive_terms_of_an_unknown_cluster_are_empty()
    {
        var corpus = new TermStatistics();
        corpus.Add("c1", "sync stalls");

        Assert.Empty(corpus.DistinctiveTerms("nope", 5));
    }
}

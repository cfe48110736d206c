using System.Text.Json;
using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Clustering.Tests.Embedding;

public sealed class EmbeddingTextTests
{
    [Fact]
    public void Title_comes_first_then_the_body()
    {
        var text = EmbeddingText.For(Item("Crash on login", "It  happens\n\tevery time."));

        Assert.Equal("Crash on login\nIt happens every time.", text);
    }

    [Fact]
    public void A_body_that_repeats_the_title_is_not_doubled()
    {
        var text = EmbeddingText.For(Item("TypeError: x is undefined", "TypeError: x is undefined at main.js:10"));

        Assert.Equal("TypeError: x is undefined at main.js:10", text);
    }

    [Fact]
    public void An_empty_body_leaves_the_title()
    {
        Assert.Equal("Dark mode please", EmbeddingText.For(Item("  Dark mode please ", "")));
    }

    [Fact]
    public void Long_text_is_cut_at_a_word_boundary_within_the_limit()
    {
        var body = string.Join(' ', Enumerable.Repeat("stacktrace", 2_000));

        var text = EmbeddingText.For(Item("Out of memory", body));

        Assert.True(text.Length <= EmbeddingText.MaxLength, $"length {text.Length}");
        Assert.True(text.Length > EmbeddingText.MaxLength - 20, $"length {text.Length}");
        Assert.EndsWith("stacktrace", text);
        Assert.StartsWith("Out of memory\n", text);
    }

    private static FeedbackItem Item(string title, string body) => new(
        "f1", FeedbackSource.Manual, null, title, body, null, null,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, (JsonElement?)null);
}

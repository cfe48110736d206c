using System.Text;

namespace FeedbackFix.GitHub.Tests;

public sealed class GitHubLimitsTests
{
    [Fact]
    public void The_limits_are_GitHubs()
    {
        Assert.Equal(256, GitHubLimits.TitleMaxLength);
        Assert.Equal(65_536, GitHubLimits.BodyMaxLength);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Login fails")]
    public void A_text_within_the_limit_is_left_as_it_is(string text) =>
        Assert.Same(text, GitHubLimits.Shorten(text, 11));

    [Fact]
    public void A_text_of_exactly_the_limit_is_left_as_it_is()
    {
        var title = new string('t', 256);

        Assert.Same(title, GitHubLimits.FitTitle(title));
    }

    [Fact]
    public void A_longer_text_is_cut_to_the_limit_and_ends_with_an_ellipsis()
    {
        var title = GitHubLimits.FitTitle(new string('t', 300));

        Assert.Equal(new string('t', 255) + "…", title);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        // "a" then emoji of two code units each: the 10th code unit is the first half of an emoji.
        var text = "a" + string.Concat(Enumerable.Repeat("😀", 10));

        var cut = GitHubLimits.Shorten(text, 10);

        Assert.Equal("a😀😀😀😀…", cut);
        Assert.DoesNotContain(Rune.ReplacementChar, cut.EnumerateRunes());
    }

    [Fact]
    public void A_cut_keeps_a_letter_with_its_combining_mark()
    {
        // "e" and a combining acute accent are one character to a reader.
        var text = "cafe\u0301 cafe\u0301";

        Assert.Equal("cafe\u0301…", GitHubLimits.Shorten(text, 7));
        Assert.Equal("caf…", GitHubLimits.Shorten(text, 5));
    }

    [Fact]
    public void A_cut_leaves_no_space_before_the_ellipsis()
    {
        Assert.Equal("Login…", GitHubLimits.Shorten("Login fails on Safari", 7));
    }
}

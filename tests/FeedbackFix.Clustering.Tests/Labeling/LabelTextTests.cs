using FeedbackFix.Clustering.Labeling;

namespace FeedbackFix.Clustering.Tests.Labeling;

public sealed class LabelTextTests
{
    [Theory]
    [InlineData("  Export\n\tfails  ", "Export fails")]
    [InlineData("Export\u0000fails", "Export fails")]
    [InlineData("hi \u202Eevil\u202C and \u2066isolated\u2069", "hi evil and isolated")]
    public void A_label_is_one_line_without_characters_no_text_of_ours_may_hold(string text, string expected)
    {
        Assert.Equal(expected, LabelText.OneLine(text));
    }
}

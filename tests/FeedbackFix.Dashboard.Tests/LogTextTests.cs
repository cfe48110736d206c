using FeedbackFix.Dashboard.Components.Jobs;

namespace FeedbackFix.Dashboard.Tests;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("plain line\twith a tab", "plain line\twith a tab")]
    [InlineData("\u001b[31mERROR\u001b[0m build failed", "ERROR build failed")]
    [InlineData("\u001b[1;32m✓\u001b[39;22m 12 passed", "✓ 12 passed")]
    [InlineData("\u001b]0;title\u0007after the title", "after the title")]
    [InlineData("multi\nline\r\nlog\rend", "multi ⏎ line ⏎ log ⏎ end")]
    [InlineData("hi \u202Eevil\u202C and \u2066isolated\u2069", "hi evil and isolated")]
    [InlineData("bell\u0007 and nul\u0000", "bell and nul")]
    public void A_line_shows_without_escape_codes_or_characters_that_would_change_how_it_reads_and_stays_one_row(string line, string shown)
    {
        Assert.Equal(shown, LogText.Shown(line));
    }
}

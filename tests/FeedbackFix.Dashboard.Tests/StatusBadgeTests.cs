using FeedbackFix.Dashboard.Components.Shared;

namespace FeedbackFix.Dashboard.Tests;

public sealed class StatusBadgeTests : DashboardTest
{
    [Theory]
    [InlineData("fix_proposed", "fix proposed")]
    [InlineData("succeeded", "succeeded")]
    [InlineData("new", "new")]
    public void A_status_is_shown_with_spaces_and_a_class_of_its_own_that_colours_it(string status, string shown)
    {
        var cut = Render<StatusBadge>(p => p.Add(b => b.Status, status));

        var badge = cut.Find(".status-badge");
        Assert.Equal(shown, badge.TextContent);
        Assert.Contains($"status-{status}", badge.ClassList);
        Assert.Equal(status, badge.GetAttribute("title"));
    }
}

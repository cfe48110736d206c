using FeedbackFix.Dashboard.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.Dashboard.Tests;

public sealed class NotFoundPageTests : DashboardTest
{
    [Theory]
    [InlineData("/clusters/c404", "Cluster not found", "There is no cluster c404")]
    [InlineData("/jobs/j404", "Job not found", "There is no job j404.")]
    [InlineData("/no/such/page", "Not found", "There is nothing here.")]
    public void It_says_what_was_asked_for_and_not_found(string path, string heading, string explanation)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(path);

        var cut = Render<NotFound>();

        Assert.Equal(heading, cut.Find("h1").TextContent);
        Assert.Contains(explanation, cut.Find("p").TextContent);
    }
}

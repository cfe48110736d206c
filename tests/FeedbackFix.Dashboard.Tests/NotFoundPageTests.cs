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

    [Theory]
    [InlineData(404, "Cluster not found")]
    [InlineData(405, "Request not answered")]
    [InlineData(400, "Request not answered")]
    public void A_status_other_than_404_is_not_worded_as_not_found(int status, string heading)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/clusters/c404");

        var cut = Render<NotFound>(parameters => parameters.Add(page => page.Status, status));

        Assert.Equal(heading, cut.Find("h1").TextContent);
        if (status != 404)
        {
            Assert.Contains($"HTTP {status}", cut.Find("p").TextContent);
        }
    }
}

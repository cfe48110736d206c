using FeedbackFix.Dashboard.Api;
using FeedbackFix.Dashboard.Components.Shared;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace FeedbackFix.Dashboard.Tests;

public sealed class NotFoundStatusTests : DashboardTest
{
    private static ApiProblem Problem(int? status) => new(status, "Not Found", null, new Dictionary<string, string[]>());

    [Fact]
    public void A_404_from_the_api_makes_the_prerendered_page_a_404_that_keeps_its_own_words()
    {
        var http = new DefaultHttpContext();
        var statusCodePages = new StatusCodePagesFeature();
        http.Features.Set<IStatusCodePagesFeature>(statusCodePages);

        Render<NotFoundStatus>(p => p.Add(c => c.Problem, Problem(404)).AddCascadingValue(http));

        Assert.Equal(StatusCodes.Status404NotFound, http.Response.StatusCode);
        Assert.False(statusCodePages.Enabled);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(500)]
    [InlineData(429)]
    public void Any_other_problem_or_none_leaves_the_page_a_200(int? status)
    {
        var http = new DefaultHttpContext();

        Render<NotFoundStatus>(p => p.Add(c => c.Problem, status is null ? null : Problem(status)).AddCascadingValue(http));

        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
    }

    [Fact]
    public void Live_there_is_no_response_to_set_and_it_renders_nothing()
    {
        var cut = Render<NotFoundStatus>(p => p.Add(c => c.Problem, Problem(404)));

        Assert.Empty(cut.Markup.Trim());
    }
}

using FeedbackFix.Dashboard.Api;
using FeedbackFix.Dashboard.Components.Shared;

namespace FeedbackFix.Dashboard.Tests;

public sealed class ProblemBarTests : DashboardTest
{
    [Fact]
    public void A_refused_request_reads_as_its_field_errors_without_the_fields_names_or_a_doubled_stop()
    {
        var problem = new ApiProblem(400, "One or more validation errors occurred.", "Invalid request: title, url.",
            new Dictionary<string, string[]> { ["title"] = ["title must not be blank."], ["url"] = ["url must be an absolute http or https URL."] });

        var cut = Render<ProblemBar>(p => p.Add(b => b.Problem, problem));

        Assert.EndsWith("One or more validation errors occurred. title must not be blank. url must be an absolute http or https URL.",
            Words(cut.Find("[role=alert]").TextContent));
    }

    [Fact]
    public void A_problem_without_field_errors_reads_as_its_title_and_detail()
    {
        var problem = new ApiProblem(422, "No repository", "Set github_repo_url on the cluster.", new Dictionary<string, string[]>());

        var cut = Render<ProblemBar>(p => p.Add(b => b.Problem, problem));

        Assert.EndsWith("No repository: Set github_repo_url on the cluster.", Words(cut.Find("[role=alert]").TextContent));
    }
}

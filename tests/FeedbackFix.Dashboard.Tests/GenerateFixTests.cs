using System.Net;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Dashboard.Components.Clusters;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.Dashboard.Tests;

public sealed class GenerateFixTests : DashboardTest
{
    private IRenderedComponent<GenerateFix> OpenDialog(IssueCluster cluster)
    {
        var cut = Render<GenerateFix>(p => p.Add(g => g.Cluster, cluster));
        cut.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Generate Fix").Click();
        return cut;
    }

    private static Task ConfirmAsync(IRenderedComponent<GenerateFix> cut) =>
        cut.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Start fix").ClickAsync(new());

    [Fact]
    public void The_dialog_offers_the_clusters_repository()
    {
        var cut = OpenDialog(Samples.Cluster(repo: "https://github.com/acme/app"));

        var repository = cut.Find("#generate-fix-repository");
        Assert.Equal("Repository", cut.Find($"label[for={repository.Id}]").TextContent.Trim());
        Assert.Equal("https://github.com/acme/app", repository.GetAttribute("value"));
    }

    [Fact]
    public void Without_a_repository_the_field_is_empty_and_says_none_is_set_without_promising_a_default()
    {
        var cut = OpenDialog(Samples.Cluster(repo: null));

        var repository = cut.Find("#generate-fix-repository");
        Assert.True(string.IsNullOrEmpty(repository.GetAttribute("value")));
        Assert.Equal("https://github.com/owner/repo", repository.GetAttribute("placeholder"));
        var note = cut.Find("#generate-fix-repository-note").TextContent;
        Assert.Contains("No repository is set for this cluster", note, StringComparison.Ordinal);
        Assert.DoesNotContain("use the server's default", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirming_starts_the_fix_with_the_repository_and_instructions_and_goes_to_the_job()
    {
        Api.Answer(HttpMethod.Post, "/clusters/c1/start_fix", HttpStatusCode.Accepted, new FixStarted("j9", "c1", JobStatus.Queued, 1));
        var cut = OpenDialog(Samples.Cluster(repo: "https://github.com/acme/app"));
        cut.Find("#generate-fix-instructions").Input("Only touch the exporter.");

        await ConfirmAsync(cut);

        Assert.Equal("""{"github_repo_url":"https://github.com/acme/app","instructions":"Only touch the exporter."}""", Api.Requests.Single().Body);
        Assert.EndsWith("/jobs/j9", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void The_instructions_count_their_characters_against_the_limit()
    {
        var cut = OpenDialog(Samples.Cluster());

        cut.Find("#generate-fix-instructions").Input("Look at Export.cs");

        Assert.Equal("17 / 4,000 characters", cut.Find("#generate-fix-instructions-count").TextContent.Trim());
        Assert.Equal("4000", cut.Find("#generate-fix-instructions").GetAttribute("maxlength"));
    }

    [Fact]
    public async Task A_fix_already_running_is_shown_with_its_job_not_as_an_error()
    {
        Api.Problem(HttpMethod.Post, "/clusters/c1/start_fix", 409, "A fix is already running",
            "Cluster 'c1' is being fixed by job 'j7'; cancel it or wait for it to end.",
            extensions: new() { ["active_job_id"] = "j7", ["cluster_status"] = "fixing" });
        var alreadyRunning = false;
        var cut = Render<GenerateFix>(p => p
            .Add(g => g.Cluster, Samples.Cluster())
            .Add(g => g.OnAlreadyRunning, () => alreadyRunning = true));
        cut.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Generate Fix").Click();

        await ConfirmAsync(cut);

        Assert.Contains("A fix is already running. Follow job j7", cut.Find(".fix-running").TextContent);
        Assert.Equal("/jobs/j7", cut.Find(".fix-running a").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[role=alert]"));
        Assert.DoesNotContain(cut.FindAll("fluent-button"), b => b.TextContent.Trim() == "Start fix");
        Assert.True(alreadyRunning);
    }

    [Fact]
    public void A_fixing_cluster_offers_its_running_job_instead_of_the_button()
    {
        var cut = Render<GenerateFix>(p => p.Add(g => g.Cluster, Samples.Cluster(status: ClusterStatus.Fixing, activeJobId: "j7")));

        Assert.Contains("A fix is already running", cut.Markup);
        Assert.Equal("/jobs/j7", cut.Find("a").GetAttribute("href"));
        Assert.Empty(cut.FindAll("fluent-button"));
    }

    [Fact]
    public async Task Without_GitHub_the_dialog_says_what_to_set_in_the_APIs_words()
    {
        Api.Problem(HttpMethod.Post, "/clusters/c1/start_fix", 422, "GitHub is not configured",
            "The agent orchestrator has no GitHub token, so a fix could open neither its issue nor its pull request: " +
            "give the AppHost parameter 'github-token' a value (the orchestrator's setting GitHub:Token) and restart the orchestrator.",
            extensions: new() { ["parameter"] = "github-token", ["setting"] = "GitHub:Token" });
        var cut = OpenDialog(Samples.Cluster(repo: "https://github.com/acme/app"));

        await ConfirmAsync(cut);

        var alert = cut.Find("fluent-dialog [role=alert]").TextContent;
        Assert.Contains("GitHub is not configured", alert);
        Assert.Contains("give the AppHost parameter 'github-token' a value", alert);
    }

    [Fact]
    public async Task A_refused_field_is_explained_next_to_it()
    {
        Api.Problem(HttpMethod.Post, "/clusters/c1/start_fix", 400, "One or more validation errors occurred.",
            errors: new() { ["github_repo_url"] = ["github_repo_url must be https://github.com/{owner}/{repo}."] });
        var cut = OpenDialog(Samples.Cluster());
        cut.Find("#generate-fix-repository").Input("gitlab.com/acme/app");

        await ConfirmAsync(cut);

        Assert.Contains("""{"github_repo_url":"gitlab.com/acme/app"}""", Api.Requests.Single().Body);
        var error = Assert.Single(cut.FindAll("[role=alert]"));
        Assert.Equal("github_repo_url must be https://github.com/{owner}/{repo}.", error.TextContent);
        Assert.Equal("field-error", error.ClassName);
    }
}

using System.Text.Json;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Dashboard.Components.Clusters;
using Microsoft.AspNetCore.Components.Web;

namespace FeedbackFix.Dashboard.Tests;

public sealed class ClusterEditorTests : DashboardTest
{
    private IRenderedComponent<ClusterEditor> RenderEditing(Action<IssueCluster>? changed = null)
    {
        var cut = Render<ClusterEditor>(p => p
            .Add(e => e.Cluster, Samples.Cluster())
            .Add(e => e.OnChanged, (IssueCluster c) => changed?.Invoke(c)));
        cut.Find("fluent-button[aria-label='Edit title and summary']").Click();
        return cut;
    }

    [Fact]
    public async Task Saving_sends_only_what_changed_and_shows_the_answer()
    {
        Api.Answer(HttpMethod.Patch, "/clusters/c1", Samples.Cluster() with { Title = "CSV export loses its last row" });
        IssueCluster? saved = null;
        var cut = RenderEditing(c => saved = c);
        cut.Find("#cluster-title-input").Input("CSV export loses its last row");

        await cut.Find("form").SubmitAsync();

        var body = JsonDocument.Parse(Api.Requests.Single().Body!).RootElement;
        Assert.Equal("CSV export loses its last row", body.GetProperty("title").GetString());
        Assert.False(body.TryGetProperty("summary", out _));
        Assert.Equal("CSV export loses its last row", saved?.Title);
        Assert.Empty(cut.FindAll("form"));
    }

    [Fact]
    public async Task A_refused_title_is_explained_next_to_it_and_the_form_stays_open()
    {
        Api.Problem(HttpMethod.Patch, "/clusters/c1", 400, "One or more validation errors occurred.",
            errors: new() { ["title"] = ["title must not be blank."] });
        var cut = RenderEditing();
        cut.Find("#cluster-title-input").Input("   ");

        await cut.Find("form").SubmitAsync();

        Assert.Equal("title must not be blank.", cut.Find("#cluster-title-error").TextContent);
        Assert.Single(cut.FindAll("form"));
        Assert.Empty(cut.FindAll(".problem-bar"));
    }

    [Fact]
    public void The_title_is_the_pages_heading()
    {
        var cut = Render<ClusterEditor>(p => p.Add(e => e.Cluster, Samples.Cluster()));

        Assert.Equal("Export to CSV drops the last row", cut.Find("h1").TextContent);
        Assert.Equal("Exports are one row short.", cut.Find(".cluster-summary").TextContent);
    }

    [Fact]
    public void Escape_cancels_the_edit_without_asking_the_API()
    {
        var cut = RenderEditing();
        cut.Find("#cluster-title-input").Input("Half-typed title");

        cut.Find("form").KeyDown(new KeyboardEventArgs { Key = "Escape" });

        Assert.Empty(cut.FindAll("form"));
        Assert.Empty(Api.Requests);
        Assert.Equal("Export to CSV drops the last row", cut.Find("h1").TextContent);
    }

    [Fact]
    public void The_title_field_takes_focus_and_is_bound_as_typed_so_Enter_saves_what_it_shows()
    {
        var cut = RenderEditing();

        var field = cut.Find("#cluster-title-input");

        JSInterop.VerifyFocusAsyncInvoke();
        field.Input("Typed, not yet changed");
        cut.Find("form").Submit();
        var body = JsonDocument.Parse(Api.Requests.Single().Body!).RootElement;
        Assert.Equal("Typed, not yet changed", body.GetProperty("title").GetString());
    }
}

using System.Text.Json;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Dashboard.Components.Clusters;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

namespace FeedbackFix.Dashboard.Tests;

public sealed class CurationDialogTests : DashboardTest
{
    private static readonly IssueCluster Target = Samples.Cluster("c2") with { Title = "Login loops", Size = 7 };

    public CurationDialogTests() =>
        Api.Answer(HttpMethod.Get, "/clusters", new Page<IssueCluster>([Samples.Cluster("c1"), Target], null));

    private string Address => Services.GetRequiredService<NavigationManager>().Uri;

    private static void Open<T>(IRenderedComponent<T> cut, string button)
        where T : IComponent =>
        cut.FindAll("fluent-button").Single(b => b.TextContent.Trim() == button).Click();

    private static Task ConfirmAsync<T>(IRenderedComponent<T> cut, string button)
        where T : IComponent =>
        cut.FindAll("fluent-dialog fluent-button").Single(b => b.TextContent.Trim() == button).ClickAsync(new());

    private static void Pick<T>(IRenderedComponent<T> cut, string id)
        where T : IComponent
    {
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"input[value={id}]")));
        cut.Find($"input[value={id}]").Change(true);
    }

    private static bool ConfirmDisabled<T>(IRenderedComponent<T> cut, string button)
        where T : IComponent =>
        cut.FindAll("fluent-dialog fluent-button").Single(b => b.TextContent.Trim() == button).HasAttribute("disabled");

    [Fact]
    public async Task Merge_asks_to_merge_into_the_picked_cluster_and_goes_to_it()
    {
        Api.Answer(HttpMethod.Post, "/clusters/c1/merge", Target);
        var cut = Render<MergeDialog>(p => p.Add(m => m.Cluster, Samples.Cluster("c1")));
        Open(cut, "Merge into…");
        Assert.True(ConfirmDisabled(cut, "Merge"));

        Pick(cut, "c2");
        await ConfirmAsync(cut, "Merge");

        Assert.Equal("""{"into":"c2"}""", Api.Requests.Single(r => r.Method == HttpMethod.Post).Body);
        Assert.EndsWith("/clusters/c2", Address);
        Assert.Empty(cut.FindAll("fluent-dialog"));
    }

    [Fact]
    public async Task A_refused_merge_is_explained_in_the_dialog_which_stays_open()
    {
        Api.Problem(HttpMethod.Post, "/clusters/c1/merge", 409, "Cluster is being fixed", "Cluster 'c2' is fixing: a fix job works on its reports.");
        var cut = Render<MergeDialog>(p => p.Add(m => m.Cluster, Samples.Cluster("c1")));
        Open(cut, "Merge into…");
        Pick(cut, "c2");

        await ConfirmAsync(cut, "Merge");

        Assert.Contains("Cluster 'c2' is fixing", cut.Find("fluent-dialog [role=alert]").TextContent);
        Assert.DoesNotContain("/clusters/c2", Address);
    }

    [Fact]
    public void Merge_is_off_when_the_page_says_so()
    {
        var cut = Render<MergeDialog>(p => p.Add(m => m.Cluster, Samples.Cluster("c1")).Add(m => m.Disabled, true));

        Assert.True(cut.Find("fluent-button").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Move_sends_the_selected_reports_to_the_picked_clusters_items_and_tells_the_caller()
    {
        Api.Answer(HttpMethod.Post, "/clusters/c2/items", Target);
        IssueCluster? moved = null;
        var cut = Render<MoveReportsDialog>(p => p
            .Add(m => m.ClusterId, "c1")
            .Add(m => m.FeedbackIds, ["f1", "f3"])
            .Add(m => m.OnMoved, (IssueCluster c) => moved = c));
        Open(cut, "Move to…");
        Assert.Equal("Move 2 reports to another cluster", cut.Find("fluent-dialog h2").TextContent);

        Pick(cut, "c2");
        await ConfirmAsync(cut, "Move");

        Assert.Equal("""{"feedback_ids":["f1","f3"]}""", Api.Requests.Single(r => r.Method == HttpMethod.Post).Body);
        Assert.Equal("c2", moved?.Id);
    }

    [Fact]
    public async Task Split_sends_the_selected_reports_with_the_new_title_and_goes_to_the_new_cluster()
    {
        Api.Answer(HttpMethod.Post, "/clusters", System.Net.HttpStatusCode.Created, Samples.Cluster("c9") with { Title = "Safari only" });
        var cut = Render<SplitReportsDialog>(p => p.Add(m => m.FeedbackIds, ["f2"]));
        Open(cut, "Split out…");
        Assert.True(ConfirmDisabled(cut, "Split out"));

        cut.Find("#split-title").Input("  Safari only ");
        await ConfirmAsync(cut, "Split out");

        var body = JsonDocument.Parse(Api.Requests.Single().Body!).RootElement;
        Assert.Equal(["f2"], body.GetProperty("feedback_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Safari only", body.GetProperty("title").GetString());
        Assert.EndsWith("/clusters/c9", Address);
    }

    [Fact]
    public async Task Enter_in_the_title_splits_once_there_is_a_title_and_does_nothing_before()
    {
        Api.Answer(HttpMethod.Post, "/clusters", System.Net.HttpStatusCode.Created, Samples.Cluster("c9") with { Title = "Safari only" });
        var cut = Render<SplitReportsDialog>(p => p.Add(m => m.FeedbackIds, ["f2"]));
        Open(cut, "Split out…");

        await cut.Find("#split-title").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        Assert.DoesNotContain(Api.Requests, r => r.Method == HttpMethod.Post);

        cut.Find("#split-title").Input("Safari only");
        await cut.Find("#split-title").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal("Safari only", JsonDocument.Parse(Api.Requests.Single(r => r.Method == HttpMethod.Post).Body!).RootElement.GetProperty("title").GetString());
        Assert.EndsWith("/clusters/c9", Address);
    }

    [Fact]
    public async Task A_refused_title_is_shown_next_to_the_field()
    {
        Api.Problem(HttpMethod.Post, "/clusters", 400, "One or more validation errors occurred.",
            errors: new() { ["title"] = ["title must be at most 300 characters."] });
        var cut = Render<SplitReportsDialog>(p => p.Add(m => m.FeedbackIds, ["f2"]));
        Open(cut, "Split out…");
        cut.Find("#split-title").Input("Too long");

        await ConfirmAsync(cut, "Split out");

        Assert.Equal("title must be at most 300 characters.", cut.Find("#split-title-error").TextContent);
        Assert.Empty(cut.FindAll(".problem-bar"));
    }

    [Fact]
    public void Escape_closes_the_dialog_without_asking_the_API()
    {
        var cut = Render<MergeDialog>(p => p.Add(m => m.Cluster, Samples.Cluster("c1")));
        Open(cut, "Merge into…");

        cut.Find(".modal-dialog-frame").KeyDown(new KeyboardEventArgs { Key = "Escape" });

        Assert.Empty(cut.FindAll("fluent-dialog"));
        Assert.DoesNotContain(Api.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public void Other_keys_leave_the_dialog_open()
    {
        var cut = Render<MergeDialog>(p => p.Add(m => m.Cluster, Samples.Cluster("c1")));
        Open(cut, "Merge into…");

        cut.Find(".modal-dialog-frame").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        Assert.Single(cut.FindAll("fluent-dialog"));
    }

    [Fact]
    public void Closing_when_the_opening_button_cannot_take_focus_any_more_is_no_error()
    {
        var cut = Render<MergeDialog>(p => p.Add(m => m.Cluster, Samples.Cluster("c1")));
        Open(cut, "Merge into…");
        JSInterop.SetupVoid("Blazor._internal.domWrapper.focus", _ => true).SetException(new JSException("Unable to focus an invalid element."));
        var focusCalls = JSInterop.Invocations.Count(i => i.Identifier == "Blazor._internal.domWrapper.focus");

        // bUnit fails the dispatch of any event whose render left an exception unhandled, as the live connection would end.
        cut.Find(".modal-dialog-frame").KeyDown(new KeyboardEventArgs { Key = "Escape" });

        Assert.Empty(cut.FindAll("fluent-dialog"));
        Assert.Equal(focusCalls + 1, JSInterop.Invocations.Count(i => i.Identifier == "Blazor._internal.domWrapper.focus"));
    }

    [Fact]
    public async Task Escape_while_the_merge_is_asked_keeps_the_dialog_open_for_its_answer()
    {
        var answer = Api.AnswerLater(HttpMethod.Post, "/clusters/c1/merge", Target);
        var cut = Render<MergeDialog>(p => p.Add(m => m.Cluster, Samples.Cluster("c1")));
        Open(cut, "Merge into…");
        Pick(cut, "c2");
        var merging = ConfirmAsync(cut, "Merge");

        cut.Find(".modal-dialog-frame").KeyDown(new KeyboardEventArgs { Key = "Escape" });

        Assert.Single(cut.FindAll("fluent-dialog"));
        answer.SetResult();
        await merging;
    }
}

using System.Text.Json;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Dashboard.Components.Clusters;

namespace FeedbackFix.Dashboard.Tests;

public sealed class StatusActionsTests : DashboardTest
{
    [Theory]
    [InlineData(ClusterStatus.New, new[] { "Mark fixed", "Ignore" })]
    [InlineData(ClusterStatus.Fixed, new[] { "Reopen", "Ignore" })]
    [InlineData(ClusterStatus.Ignored, new[] { "Reopen" })]
    [InlineData(ClusterStatus.Fixing, new string[0])]
    [InlineData(ClusterStatus.FixProposed, new[] { "Mark fixed", "Reopen", "Ignore" })]
    [InlineData(ClusterStatus.Regressed, new[] { "Mark fixed", "Reopen", "Ignore" })]
    public void Only_the_moves_the_API_allows_from_the_current_status_are_offered(ClusterStatus status, string[] expected)
    {
        var cut = Render<StatusActions>(p => p.Add(s => s.Cluster, Samples.Cluster(status: status)));

        Assert.Equal(expected, cut.FindAll("fluent-button").Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public async Task Ignore_patches_the_status_and_hands_on_the_cluster_the_API_answered()
    {
        Api.Answer(HttpMethod.Patch, "/clusters/c1", Samples.Cluster(status: ClusterStatus.Ignored));
        IssueCluster? changed = null;
        var cut = Render<StatusActions>(p => p
            .Add(s => s.Cluster, Samples.Cluster())
            .Add(s => s.OnChanged, (IssueCluster c) => changed = c));

        await cut.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Ignore").ClickAsync(new());

        var sent = Api.Requests.Single();
        Assert.Equal("/clusters/c1", sent.PathAndQuery);
        Assert.Equal("ignored", JsonDocument.Parse(sent.Body!).RootElement.GetProperty("status").GetString());
        Assert.Equal(ClusterStatus.Ignored, changed?.Status);
    }

    [Fact]
    public async Task A_refused_move_is_shown_in_the_APIs_words()
    {
        Api.Problem(HttpMethod.Patch, "/clusters/c1", 409, "Status change not allowed",
            "A cluster that is 'fixing' cannot be set to 'fixed'. 'fixing' is entered by start_fix and left when its job ends or is cancelled.");
        var cut = Render<StatusActions>(p => p.Add(s => s.Cluster, Samples.Cluster()));

        await cut.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Mark fixed").ClickAsync(new());

        Assert.Contains("A cluster that is 'fixing' cannot be set to 'fixed'.", cut.Find("[role=alert]").TextContent);
    }

    [Fact]
    public async Task A_change_done_is_said_in_words_where_focus_goes_instead_of_the_button_that_took_its_place()
    {
        Api.Answer(HttpMethod.Patch, "/clusters/c1", Samples.Cluster(status: ClusterStatus.FixProposed) with { Status = ClusterStatus.Ignored });
        var cut = Render<StatusActions>(p => p.Add(s => s.Cluster, Samples.Cluster()));
        Assert.Equal("", cut.Find("[role=status]").TextContent);

        await cut.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Ignore").ClickAsync(new());

        var note = cut.Find("[role=status]");
        Assert.Equal("Status is now ignored.", note.TextContent);
        Assert.Equal("-1", note.GetAttribute("tabindex"));
        JSInterop.VerifyFocusAsyncInvoke();
    }
}

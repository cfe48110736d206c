using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Sources;
using FeedbackFix.Dashboard.Components.Clusters;
using FeedbackFix.Dashboard.Components.Shared;

namespace FeedbackFix.Dashboard.Tests;

public sealed class SourcesConfigTests : DashboardTest
{
    private static readonly ClusteringSettings Thresholds = new(0.6, 0.85, 0.35, 0.15, 5, 4, 10, 0.4, 1.25) { Source = "configuration", Version = 0 };

    [Fact]
    public void The_repository_editor_shows_each_entry_of_the_mapping()
    {
        Api.Answer(HttpMethod.Get, "/config/repositories", new RepositoryMapping(
            Sentry: new Dictionary<string, string> { ["web"] = "https://github.com/acme/web" }, Version: 3));

        var cut = Render<RepositoryMappingEditor>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".repository-mapping tbody tr")));
        Assert.Equal("sentry", cut.Find("select").GetAttribute("value"));
        Assert.Equal("web", cut.Find("input[aria-label='Reported in, entry 1']").GetAttribute("value"));
        Assert.Equal("https://github.com/acme/web", cut.Find("input[aria-label='Repository of entry 1']").GetAttribute("value"));
    }

    [Fact]
    public async Task Saving_repositories_sends_the_whole_mapping_over_the_version_read()
    {
        Api.Answer(HttpMethod.Get, "/config/repositories", new RepositoryMapping(Version: 3))
            .Answer(HttpMethod.Put, "/config/repositories", new RepositoryMapping(Reddit: new Dictionary<string, string> { ["acme"] = "https://github.com/acme/app" }, Version: 4));
        var cut = Render<RepositoryMappingEditor>();
        cut.WaitForAssertion(() => cut.Find("button.accent"));

        cut.FindAll("button").Single(b => b.TextContent == "Add an entry").Click();
        cut.Find("select").Change("reddit");
        cut.Find("input[aria-label='Reported in, entry 1']").Change("acme");
        cut.Find("input[aria-label='Repository of entry 1']").Change("https://github.com/acme/app");
        await cut.Find("button.accent").ClickAsync(new());

        var put = Api.Requests.Single(r => r.Method == HttpMethod.Put);
        Assert.Equal("""{"reddit":{"acme":"https://github.com/acme/app"}}""", put.Body);
        cut.WaitForAssertion(() => Assert.Contains("Saved.", cut.Markup));
    }

    [Fact]
    public async Task After_a_save_the_entries_keep_their_place_show_what_was_stored_and_blank_ones_go()
    {
        Api.Answer(HttpMethod.Get, "/config/repositories", new RepositoryMapping(Version: 3))
            .Answer(HttpMethod.Put, "/config/repositories", new RepositoryMapping(
                Github: new Dictionary<string, string> { ["acme/web"] = "https://github.com/acme/web" },
                Reddit: new Dictionary<string, string> { ["acme"] = "https://github.com/acme/app" }, Version: 4));
        var cut = Render<RepositoryMappingEditor>();
        cut.WaitForAssertion(() => cut.Find("button.accent"));
        var add = () => cut.FindAll("button").Single(b => b.TextContent == "Add an entry").Click();
        add();
        cut.Find("select[aria-label='Source of entry 1']").Change("reddit");
        cut.Find("input[aria-label='Reported in, entry 1']").Change(" acme ");
        cut.Find("input[aria-label='Repository of entry 1']").Change("https://github.com/acme/app");
        add();
        add();
        cut.Find("input[aria-label='Reported in, entry 3']").Change("acme/web");
        cut.Find("input[aria-label='Repository of entry 3']").Change("https://github.com/acme/web");

        await cut.Find("button.accent").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Saved.", cut.Markup));
        Assert.Equal(2, cut.FindAll(".repository-mapping tbody tr").Count);
        Assert.Equal(("reddit", "acme"), (cut.Find("select[aria-label='Source of entry 1']").GetAttribute("value"),
            cut.Find("input[aria-label='Reported in, entry 1']").GetAttribute("value")));
        Assert.Equal(("github", "acme/web"), (cut.Find("select[aria-label='Source of entry 2']").GetAttribute("value"),
            cut.Find("input[aria-label='Reported in, entry 2']").GetAttribute("value")));
    }

    [Fact]
    public void An_added_entry_takes_focus_and_a_removed_one_gives_it_to_the_entry_in_its_place_or_to_Add_an_entry()
    {
        Api.Answer(HttpMethod.Get, "/config/repositories", new RepositoryMapping(
            Github: new Dictionary<string, string> { ["acme/web"] = "https://github.com/acme/web" },
            Sentry: new Dictionary<string, string> { ["web"] = "https://github.com/acme/web" }, Version: 3));
        var cut = Render<RepositoryMappingEditor>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".repository-mapping tbody tr").Count));
        // bunit writes an element's reference into the markup of the render that captured it.
        var sentrySource = Reference(cut.Find("select[aria-label='Source of entry 2']"));
        var addButton = Reference(cut.FindAll("button").Single(b => b.TextContent == "Add an entry"));

        cut.FindAll("button").Single(b => b.TextContent == "Add an entry").Click();
        Assert.Equal(Reference(cut.Find("select[aria-label='Source of entry 3']")), LastFocused());

        cut.Find("button[aria-label='Remove entry 1']").Click();
        Assert.Equal("sentry", cut.Find("select[aria-label='Source of entry 1']").GetAttribute("value"));
        Assert.Equal(sentrySource, LastFocused());

        cut.Find("button[aria-label='Remove entry 2']").Click();
        Assert.Equal(addButton, LastFocused());
    }

    private static string? Reference(AngleSharp.Dom.IElement element) => element.GetAttribute("blazor:elementReference") is { Length: > 0 } id ? id : null;

    private string LastFocused() =>
        ((Microsoft.AspNetCore.Components.ElementReference)JSInterop.Invocations["Blazor._internal.domWrapper.focus"].Last().Arguments[0]!).Id;

    [Fact]
    public async Task A_refused_repository_shows_the_APIs_words()
    {
        Api.Answer(HttpMethod.Get, "/config/repositories", new RepositoryMapping(Version: 1))
            .Problem(HttpMethod.Put, "/config/repositories", 400, "One or more validation errors occurred.", "Invalid request: sentry.web.",
                new() { ["sentry.web"] = ["The repository for sentry 'web' must look like https://github.com/{owner}/{repo} (no trailing path)."] });
        var cut = Render<RepositoryMappingEditor>();
        cut.WaitForAssertion(() => cut.Find("button.accent"));

        await cut.Find("button.accent").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("The repository for sentry 'web' must look like", cut.Find("[role=alert]").TextContent));
    }

    [Fact]
    public void Thresholds_the_dashboards_key_may_not_change_are_read_only_and_say_why()
    {
        Api.Answer(HttpMethod.Get, "/config/clustering", Thresholds with { Editable = false });

        var cut = Render<ClusteringSettingsEditor>();

        cut.WaitForAssertion(() => cut.Find("#threshold-assign_threshold"));
        Assert.Equal("0.6", cut.Find("#threshold-assign_threshold").GetAttribute("value"));
        Assert.True(cut.Find("#threshold-assign_threshold").HasAttribute("readonly"));
        Assert.Equal("0.4", cut.Find("#threshold-gather_threshold").GetAttribute("value"));
        Assert.Equal("1.25", cut.Find("#threshold-merge_cohesion_factor").GetAttribute("value"));
        Assert.True(cut.Find("#threshold-merge_cohesion_factor").HasAttribute("readonly"));
        Assert.Contains("new topic can form", cut.Find("#threshold-gather_threshold-help").TextContent);
        Assert.Contains("Read only", cut.Find(".read-only-note").TextContent);
        Assert.Empty(cut.FindAll("button"));
    }

    [Fact]
    public async Task Editable_thresholds_are_saved_over_the_version_read_and_a_refusal_shows_under_its_field()
    {
        Api.Answer(HttpMethod.Get, "/config/clustering", Thresholds with { Editable = true })
            .Problem(HttpMethod.Put, "/config/clustering", 400, "One or more validation errors occurred.", "Invalid request: assign_threshold.",
                new() { ["assign_threshold"] = ["assign_threshold must be a number from 0 to 1; it is 1.5."] });
        var cut = Render<ClusteringSettingsEditor>();
        cut.WaitForAssertion(() => cut.Find("button.accent"));

        cut.Find("#threshold-assign_threshold").Change("1.5");
        cut.Find("#threshold-gather_threshold").Change("0.5");
        await cut.Find("button.accent").ClickAsync(new());

        var put = Api.Requests.Single(r => r.Method == HttpMethod.Put);
        Assert.Contains("\"assign_threshold\":1.5", put.Body);
        Assert.Contains("\"fragment_size\":10", put.Body);
        Assert.Contains("\"gather_threshold\":0.5", put.Body);
        Assert.Contains("\"merge_cohesion_factor\":1.25", put.Body);
        cut.WaitForAssertion(() => Assert.Equal("assign_threshold must be a number from 0 to 1; it is 1.5.", cut.Find("#threshold-assign_threshold-error").TextContent.Trim()));
    }

    [Fact]
    public void Generate_Fix_offers_the_suggested_repository_of_a_cluster_without_one()
    {
        var detail = Samples.Detail(Samples.Cluster(repo: null)) with { SuggestedRepoUrl = "https://github.com/acme/web" };
        var cut = Render<GenerateFix>(p => p.Add(g => g.Cluster, detail));

        cut.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Generate Fix").Click();

        Assert.Equal("https://github.com/acme/web", cut.Find("#generate-fix-repository").GetAttribute("value"));
        Assert.Contains("Suggested", cut.Find("#generate-fix-repository-note").TextContent);
    }
}

using System.Net;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Sources;
using FeedbackFix.Dashboard.Components.Pages;
using FeedbackFix.Dashboard.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.Dashboard.Tests;

public sealed class SourcesPageTests : DashboardTest
{
    private static readonly WebhookList Webhooks = new(
    [
        new WebhookEndpoint(FeedbackSource.Sentry, "http://localhost:5080/ingest/sentry", true, "Sentry-Hook-Signature"),
        new WebhookEndpoint(FeedbackSource.Github, "http://localhost:5080/ingest/github", false, "X-Hub-Signature-256"),
    ]);

    private IRenderedComponent<Sources> RenderSources(params string[] subreddits)
    {
        Api.Answer(HttpMethod.Get, "/config/reddit/subreddits", new SubredditList(subreddits))
            .Answer(HttpMethod.Get, "/config/webhooks", Webhooks);
        var cut = Render<Sources>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("fluent-progress-ring")));
        return cut;
    }

    [Fact]
    public void Each_subreddit_has_a_remove_button_named_after_it()
    {
        var cut = RenderSources("aspnetcore", "dotnet");

        Assert.Equal(["Remove r/aspnetcore", "Remove r/dotnet"], cut.FindAll(".subreddit-list button").Select(b => b.GetAttribute("aria-label")));
    }

    [Fact]
    public void Removing_a_subreddit_asks_the_API_and_says_it_is_removed()
    {
        Api.Answer(HttpMethod.Delete, "/config/reddit/subreddits/dotnet", HttpStatusCode.NoContent, new { });
        var cut = RenderSources("aspnetcore", "dotnet");

        cut.FindAll(".subreddit-list form")[1].Submit();

        Assert.Contains(Api.Requests, r => r.Method == HttpMethod.Delete && r.PathAndQuery == "/config/reddit/subreddits/dotnet");
        Assert.EndsWith("/sources?removed=dotnet", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void A_refused_subreddit_name_shows_the_APIs_words_under_the_field_and_keeps_the_name()
    {
        Api.Problem(HttpMethod.Post, "/config/reddit/subreddits", 400, "One or more validation errors occurred.", "Invalid request: name.",
            new() { ["name"] = ["name must be a subreddit name: 2-21 letters, digits or underscores, optionally after \"r/\"."] });
        var cut = RenderSources("dotnet");

        cut.Find("#subreddit-name").Change("no spaces allowed");
        cut.Find("form.inline-form").Submit();

        Assert.Equal("name must be a subreddit name: 2-21 letters, digits or underscores, optionally after \"r/\".", cut.Find("#subreddit-name-error").TextContent.Trim());
        Assert.Equal("true", cut.Find("#subreddit-name").GetAttribute("aria-invalid"));
        Assert.Equal("no spaces allowed", cut.Find("#subreddit-name").GetAttribute("value"));
    }

    [Fact]
    public void Each_webhook_shows_its_address_in_a_labelled_read_only_field()
    {
        var cut = RenderSources();

        var url = cut.Find("#webhook-github-url");
        Assert.Equal("http://localhost:5080/ingest/github", url.GetAttribute("value"));
        Assert.True(url.HasAttribute("readonly"));
        Assert.Equal("Webhook URL", cut.Find("label[for='webhook-github-url']").TextContent);
        Assert.Equal(["Sentry", "GitHub"], cut.FindAll("h3").Select(h => h.TextContent));
    }

    [Fact]
    public void A_configured_secret_says_so()
    {
        var cut = Render<WebhookCard>(p => p.Add(c => c.Webhook, Webhooks.Webhooks[0]));

        Assert.Equal("Secret configured", cut.Find(".secret-status").TextContent);
        Assert.Equal("Sentry-Hook-Signature", cut.Find("dd code").TextContent);
    }

    [Fact]
    public void A_missing_secret_names_the_AppHost_parameter_to_set()
    {
        var cut = Render<WebhookCard>(p => p.Add(c => c.Webhook, Webhooks.Webhooks[1]));

        Assert.Equal("Secret not set", cut.Find(".secret-status").TextContent);
        Assert.StartsWith("Secret not set: set the AppHost parameter github-webhook-secret (setting Webhooks:GitHub:Secret)", cut.Find(".secret-help").TextContent);
    }
}

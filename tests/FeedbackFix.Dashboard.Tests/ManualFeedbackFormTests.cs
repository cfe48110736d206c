using System.Net;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Dashboard.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.Dashboard.Tests;

public sealed class ManualFeedbackFormTests : DashboardTest
{
    private static void Type(IRenderedComponent<ManualFeedbackForm> cut, string id, string value) => cut.Find($"#{id}").Change(value);

    [Fact]
    public void A_refused_entry_keeps_what_was_typed_and_shows_the_APIs_words_next_to_each_field()
    {
        Api.Problem(HttpMethod.Post, "/ingest/manual", 400, "One or more validation errors occurred.", "Invalid request: url.",
            new() { ["url"] = ["url must be an absolute http or https URL."] });
        var cut = Render<ManualFeedbackForm>();

        Type(cut, "manual-title", "Crash when saving");
        Type(cut, "manual-url", "notaurl");
        cut.Find("form").Submit();

        Assert.Equal("url must be an absolute http or https URL.", cut.Find("#manual-url-error").TextContent.Trim());
        Assert.Equal("manual-url-error", cut.Find("#manual-url").GetAttribute("aria-describedby"));
        Assert.Equal("true", cut.Find("#manual-url").GetAttribute("aria-invalid"));
        Assert.Null(cut.Find("#manual-title").GetAttribute("aria-invalid"));
        Assert.Equal("Crash when saving", cut.Find("#manual-title").GetAttribute("value"));
        Assert.Equal("notaurl", cut.Find("#manual-url").GetAttribute("value"));
        Assert.Contains("Invalid request: url.", cut.Find("[role=alert]").TextContent);
    }

    [Fact]
    public void An_entry_is_sent_with_blank_optional_fields_left_out()
    {
        Api.Answer(HttpMethod.Post, "/ingest/manual", HttpStatusCode.Created, new IngestResult("f9", false));
        var cut = Render<ManualFeedbackForm>();

        Type(cut, "manual-title", "Crash when saving");
        Type(cut, "manual-body", "It crashes.");
        Type(cut, "manual-author", "  ");
        cut.Find("form").Submit();

        var sent = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body;
        Assert.Equal("""{"title":"Crash when saving","body":"It crashes."}""", sent);
    }

    [Fact]
    public void An_added_entry_goes_back_to_the_list_with_its_new_id()
    {
        Api.Answer(HttpMethod.Post, "/ingest/manual", HttpStatusCode.Created, new IngestResult("f9", false));
        var cut = Render<ManualFeedbackForm>();

        Type(cut, "manual-title", "Crash when saving");
        cut.Find("form").Submit();

        Assert.EndsWith("/feedback?added=f9", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void Every_field_has_a_label()
    {
        var cut = Render<ManualFeedbackForm>();

        foreach (var input in cut.FindAll("input, textarea"))
        {
            Assert.Single(cut.FindAll($"label[for='{input.Id}']"));
        }
    }
}

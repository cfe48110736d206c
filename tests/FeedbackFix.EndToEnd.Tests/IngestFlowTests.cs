using System.Net;

namespace FeedbackFix.EndToEnd.Tests;

[Collection(AppHostCollection.Name)]
public sealed class IngestFlowTests(AppHostFixture system)
{
    [Fact]
    public async Task Manual_feedback_ingested_through_the_gateway_reads_back()
    {
        var title = Json.Unique("Export to CSV drops the last row");

        var created = await system.Api.PostAsync("/ingest/manual", Json.Body(new { title, body = "Every export is one row short.", author = "ana" }));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created)).Str("id");
        Assert.Equal($"/feedback/{id}", created.Headers.Location?.OriginalString);
        var read = await Json.ReadAsync(await system.Api.GetAsync($"/feedback/{id}"));
        Assert.Equal(title, read.Str("title"));
        Assert.Equal("manual", read.Str("source"));
        Assert.Equal("ana", read.Str("author"));
    }

    [Fact]
    public async Task Duplicate_feedback_gives_the_same_id_with_200()
    {
        var externalId = Json.Unique("ticket");
        var payload = new { title = "Login loops back to the login page", external_id = externalId };

        var first = await system.Api.PostAsync("/ingest/manual", Json.Body(payload));
        var second = await system.Api.PostAsync("/ingest/manual", Json.Body(payload));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await Json.ReadAsync(first)).Str("id"), (await Json.ReadAsync(second)).Str("id"));
    }

    [Fact]
    public async Task Reddit_batch_dedupes_by_fullname()
    {
        var fullname = "t3_" + Guid.NewGuid().ToString("N")[..10];
        var post = new { name = fullname, title = "App crashes on launch", selftext = "Since the update.", subreddit = "feedbackfix", created_utc = 1_764_000_000, permalink = "/r/feedbackfix/comments/x/" };

        var first = await system.Api.PostAsync("/ingest/reddit", Json.Body(new { posts = new[] { post } }));
        var again = await system.Api.PostAsync("/ingest/reddit", Json.Body(post));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var result = (await Json.ReadAsync(first)).GetProperty("results")[0];
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(result.Str("id"), (await Json.ReadAsync(again)).Str("id"));
    }

    [Fact]
    public async Task Feedback_list_filters_by_source()
    {
        var fullname = "t3_" + Guid.NewGuid().ToString("N")[..10];
        await system.Api.PostAsync("/ingest/reddit", Json.Body(new { name = fullname, title = "Dark mode flickers", created_utc = 1_764_000_100 }));

        var page = await Json.ReadAsync(await system.Api.GetAsync("/feedback?source=reddit&limit=200"));

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, item => Assert.Equal("reddit", item.Str("source")));
        Assert.Contains(items, item => item.Str("external_id") == fullname);
    }

    [Fact]
    public async Task Subreddits_are_configured_at_run_time()
    {
        var name = "ff" + Guid.NewGuid().ToString("N")[..8];

        var added = await system.Api.PostAsync("/config/reddit/subreddits", Json.Body(new { name }));
        var listed = await Json.ReadAsync(await system.Api.GetAsync("/config/reddit/subreddits"));
        var removed = await system.Api.DeleteAsync($"/config/reddit/subreddits/{name}");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Contains(listed.GetProperty("subreddits").EnumerateArray(), s => s.GetString() == name);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
    }
}

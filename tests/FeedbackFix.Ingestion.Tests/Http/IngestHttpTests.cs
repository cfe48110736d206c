using System.Net;
using System.Net.Http.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Ingestion.Tests.Support;

namespace FeedbackFix.Ingestion.Tests.Http;

[Collection(IngestionAppCollection.Name)]
public sealed class IngestHttpTests(IngestionApp app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Manual_feedback_is_created_and_reads_back_in_snake_case()
    {
        var externalId = Unique.Token();

        var response = await _client.PostAsJsonAsync("/ingest/manual", new
        {
            title = "Search ignores accents",
            body = "Searching for café finds nothing.",
            url = "https://example.com/search",
            author = "ann",
            external_id = externalId,
            created_at = "2026-11-01T10:00:00Z",
            metadata = new { plan = "pro", seats = 5 },
        });

        var created = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.False(created.GetProperty("duplicate").GetBoolean());
        Assert.Equal($"/feedback/{id}", response.Headers.Location?.OriginalString);

        var item = await HttpAssert.JsonAsync(await _client.GetAsync($"/feedback/{id}"), HttpStatusCode.OK);
        Assert.Equal(id, item.GetProperty("id").GetString());
        Assert.Equal("manual", item.GetProperty("source").GetString());
        Assert.Equal(externalId, item.GetProperty("external_id").GetString());
        Assert.Equal("Search ignores accents", item.GetProperty("title").GetString());
        Assert.Equal("Searching for café finds nothing.", item.GetProperty("body").GetString());
        Assert.Equal("https://example.com/search", item.GetProperty("url").GetString());
        Assert.Equal("ann", item.GetProperty("author").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T10:00:00Z"), item.GetProperty("created_at").GetDateTimeOffset());
        Assert.True(item.TryGetProperty("ingested_at", out _));
        Assert.False(item.TryGetProperty("cluster_id", out _));
        Assert.Equal(5, item.GetProperty("metadata").GetProperty("seats").GetInt32());
    }

    [Fact]
    public async Task The_same_external_id_again_is_a_duplicate_with_the_same_id()
    {
        var body = new { title = "Login loops", external_id = Unique.Token() };

        var first = await HttpAssert.JsonAsync(await _client.PostAsJsonAsync("/ingest/manual", body), HttpStatusCode.Created);
        var second = await HttpAssert.JsonAsync(await _client.PostAsJsonAsync("/ingest/manual", body with { title = "Login loops (again)" }), HttpStatusCode.OK);

        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.True(second.GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task Manual_feedback_without_external_id_is_never_a_duplicate()
    {
        var body = new { title = "Same words twice" };

        var first = await HttpAssert.JsonAsync(await _client.PostAsJsonAsync("/ingest/manual", body), HttpStatusCode.Created);
        var second = await HttpAssert.JsonAsync(await _client.PostAsJsonAsync("/ingest/manual", body), HttpStatusCode.Created);

        Assert.NotEqual(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_single_reddit_post_is_mapped_and_deduplicated_by_fullname()
    {
        var name = Unique.RedditName();
        var post = new
        {
            name,
            title = "Crash on startup",
            selftext = "Version 2 crashes.",
            url = "https://i.example.com/screenshot.png",
            permalink = $"/r/dotnet/comments/{name[3..]}/crash_on_startup/",
            author = "u1",
            subreddit = "dotnet",
            created_utc = 1_764_000_000.0,
            score = 12,
            num_comments = 3,
        };

        var created = await HttpAssert.JsonAsync(await _client.PostAsJsonAsync("/ingest/reddit", post), HttpStatusCode.Created);
        var again = await HttpAssert.JsonAsync(await _client.PostAsJsonAsync("/ingest/reddit", post), HttpStatusCode.OK);

        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(id, again.GetProperty("id").GetString());
        var item = await HttpAssert.JsonAsync(await _client.GetAsync($"/feedback/{id}"), HttpStatusCode.OK);
        Assert.Equal("reddit", item.GetProperty("source").GetString());
        Assert.Equal(name, item.GetProperty("external_id").GetString());
        Assert.Equal($"https://www.reddit.com/r/dotnet/comments/{name[3..]}/crash_on_startup/", item.GetProperty("url").GetString());
        Assert.Equal("Version 2 crashes.", item.GetProperty("body").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_764_000_000), item.GetProperty("created_at").GetDateTimeOffset());
        var metadata = item.GetProperty("metadata");
        Assert.Equal("dotnet", metadata.GetProperty("subreddit").GetString());
        Assert.Equal(12, metadata.GetProperty("score").GetInt32());
        Assert.Equal(3, metadata.GetProperty("num_comments").GetInt32());
        Assert.Equal("https://i.example.com/screenshot.png", metadata.GetProperty("link_url").GetString());
    }

    [Fact]
    public async Task A_reddit_batch_reports_each_post_including_duplicates_inside_it()
    {
        var seen = Unique.RedditName();
        await HttpAssert.JsonAsync(await _client.PostAsJsonAsync("/ingest/reddit", new { name = seen, title = "Seen before" }), HttpStatusCode.Created);
        var a = Unique.RedditName();
        var b = Unique.RedditName();

        var response = await _client.PostAsJsonAsync("/ingest/reddit", new
        {
            posts = new[]
            {
                new { name = a, title = "A" },
                new { name = b, title = "B" },
                new { name = a, title = "A again" },
                new { name = seen, title = "Seen before" },
            },
        });

        var batch = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(2, batch.GetProperty("created").GetInt32());
        Assert.Equal(2, batch.GetProperty("duplicates").GetInt32());
        var results = batch.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([a, b, a, seen], results.Select(r => r.GetProperty("external_id").GetString()));
        Assert.Equal([false, false, true, true], results.Select(r => r.GetProperty("duplicate").GetBoolean()));
        Assert.Equal(results[0].GetProperty("id").GetString(), results[2].GetProperty("id").GetString());
        Assert.True(await app.IsStoredAsync(FeedbackSource.Reddit, b));
    }

    [Fact]
    public async Task A_reddit_batch_of_only_duplicates_answers_200()
    {
        var a = Unique.RedditName();
        var b = Unique.RedditName();
        var posts = new { posts = new[] { new { name = a, title = "A" }, new { name = b, title = "B" } } };
        await HttpAssert.JsonAsync(await _client.PostAsJsonAsync("/ingest/reddit", posts), HttpStatusCode.Created);

        var again = await HttpAssert.JsonAsync(await _client.PostAsJsonAsync("/ingest/reddit", posts), HttpStatusCode.OK);

        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(2, again.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task A_long_reddit_body_is_kept_truncated_and_marked()
    {
        var name = Unique.RedditName();

        var response = await _client.PostAsJsonAsync("/ingest/reddit", new { name, title = "Long", selftext = new string('x', 25_000) });

        var id = (await HttpAssert.JsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString();
        var item = await HttpAssert.JsonAsync(await _client.GetAsync($"/feedback/{id}"), HttpStatusCode.OK);
        Assert.Equal(FeedbackLimits.BodyMaxLength, item.GetProperty("body").GetString()!.Length);
        Assert.True(item.GetProperty("metadata").GetProperty("body_truncated").GetBoolean());
    }

    [Fact]
    public async Task Health_answers()
    {
        var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

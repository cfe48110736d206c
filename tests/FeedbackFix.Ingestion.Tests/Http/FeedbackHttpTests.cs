using System.Net;
using System.Net.Http.Json;
using FeedbackFix.Ingestion.Tests.Support;

namespace FeedbackFix.Ingestion.Tests.Http;

[Collection(IngestionAppCollection.Name)]
public sealed class FeedbackHttpTests(IngestionApp app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Cursor_paging_returns_each_item_exactly_once()
    {
        // Three share a timestamp, so paging must also break ties by id.
        var tied = DateTimeOffset.UtcNow.AddDays(-3);
        var mine = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var createdAt = i < 3 ? tied : tied.AddMinutes(i);
            mine.Add(await IngestAsync(new { title = $"Paging item {i}", created_at = createdAt }));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await HttpAssert.JsonAsync(
                await _client.GetAsync("/feedback?source=manual&limit=3" + (cursor is null ? "" : "&cursor=" + cursor)),
                HttpStatusCode.OK);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 0, 3);
            seen.AddRange(items.Select(item => item.GetProperty("id").GetString()!));
            cursor = page.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(mine, id => Assert.Single(seen, id));
        // Newest first: the four distinct times in order, then the three tied ones.
        var mineInOrder = seen.Where(mine.Contains).ToList();
        Assert.Equal([mine[6], mine[5], mine[4], mine[3]], mineInOrder.Take(4));
        Assert.Equal(mine.Take(3).Order(), mineInOrder.Skip(4).Order());
    }

    [Fact]
    public async Task The_source_filter_returns_only_that_source()
    {
        var redditName = Unique.RedditName();
        var redditId = (await HttpAssert.JsonAsync(
            await _client.PostAsJsonAsync("/ingest/reddit", new { name = redditName, title = "From reddit" }), HttpStatusCode.Created))
            .GetProperty("id").GetString();

        var page = await HttpAssert.JsonAsync(await _client.GetAsync("/feedback?source=reddit&limit=200"), HttpStatusCode.OK);

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, item => Assert.Equal("reddit", item.GetProperty("source").GetString()));
        Assert.Contains(items, item => item.GetProperty("id").GetString() == redditId);
    }

    [Fact]
    public async Task New_feedback_is_unclustered()
    {
        var id = await IngestAsync(new { title = "Unclustered check" });

        var unclustered = await HttpAssert.JsonAsync(await _client.GetAsync("/feedback?unclustered=true&limit=200"), HttpStatusCode.OK);
        var clustered = await HttpAssert.JsonAsync(await _client.GetAsync("/feedback?unclustered=false&limit=200"), HttpStatusCode.OK);

        Assert.Contains(unclustered.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(clustered.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetString() == id);
    }

    private async Task<string> IngestAsync(object body)
    {
        var created = await HttpAssert.JsonAsync(await _client.PostAsJsonAsync("/ingest/manual", body), HttpStatusCode.Created);
        return created.GetProperty("id").GetString()!;
    }
}

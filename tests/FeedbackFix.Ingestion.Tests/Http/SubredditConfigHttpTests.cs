using System.Net;
using System.Net.Http.Json;
using FeedbackFix.Ingestion.Tests.Support;

namespace FeedbackFix.Ingestion.Tests.Http;

[Collection(IngestionAppCollection.Name)]
public sealed class SubredditConfigHttpTests(IngestionApp app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_subreddit_can_be_added_fetched_where_its_location_points_listed_and_removed()
    {
        var name = "Sub_" + Unique.Token()[..12];
        var stored = name.ToLowerInvariant();

        var added = await _client.PostAsJsonAsync("/config/reddit/subreddits", new { name = "r/" + name });
        var again = await _client.PostAsJsonAsync("/config/reddit/subreddits", new { name = stored });
        var fetched = await _client.GetAsync(added.Headers.Location);
        var listed = await HttpAssert.JsonAsync(await _client.GetAsync("/config/reddit/subreddits"), HttpStatusCode.OK);
        var removed = await _client.DeleteAsync($"/config/reddit/subreddits/{stored}");
        var removedAgain = await _client.DeleteAsync($"/config/reddit/subreddits/{stored}");
        var fetchedAfter = await _client.GetAsync($"/config/reddit/subreddits/r%2F{name}");
        var listedAfter = await HttpAssert.JsonAsync(await _client.GetAsync("/config/reddit/subreddits"), HttpStatusCode.OK);

        Assert.Equal(stored, (await HttpAssert.JsonAsync(added, HttpStatusCode.Created)).GetProperty("name").GetString());
        Assert.Equal($"/config/reddit/subreddits/{stored}", added.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(stored, (await fetched.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("name").GetString());
        await HttpAssert.ProblemAsync(fetchedAfter, HttpStatusCode.NotFound);
        Assert.Equal(stored, (await HttpAssert.JsonAsync(again, HttpStatusCode.OK)).GetProperty("name").GetString());
        Assert.Contains(stored, listed.GetProperty("subreddits").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        await HttpAssert.ProblemAsync(removedAgain, HttpStatusCode.NotFound);
        Assert.DoesNotContain(stored, listedAfter.GetProperty("subreddits").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task A_subreddit_added_as_r_slash_name_can_be_removed_by_that_name_with_its_slash_encoded()
    {
        var name = "Sub_" + Unique.Token()[..12];
        await _client.PostAsJsonAsync("/config/reddit/subreddits", new { name = "r/" + name });

        var removed = await _client.DeleteAsync($"/config/reddit/subreddits/{Uri.EscapeDataString("r/" + name)}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        var listed = await HttpAssert.JsonAsync(await _client.GetAsync("/config/reddit/subreddits"), HttpStatusCode.OK);
        Assert.DoesNotContain(name.ToLowerInvariant(), listed.GetProperty("subreddits").EnumerateArray().Select(s => s.GetString()));
    }
}

using System.Net;
using FeedbackFix.TestSupport;

namespace FeedbackFix.EndToEnd.Tests;

[Collection(AppHostCollection.Name)]
public sealed class PollerFlowTests(AppHostFixture system)
{
    [Fact]
    public async Task Posts_of_a_subreddit_added_at_run_time_show_up_once_through_the_gateway()
    {
        var added = await system.Api.PostAsync("/config/reddit/subreddits", Json.Body(new { name = FakeReddit.Subreddit }));
        Assert.True(added.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<string> found;
        do
        {
            await Task.Delay(250);
            var page = await Json.ReadAsync(await system.Api.GetAsync("/feedback?source=reddit&limit=200"));
            found = [.. page.GetProperty("items").EnumerateArray()
                .Where(item => item.TryGetProperty("external_id", out _))
                .Select(item => item.Str("external_id"))
                .Where(FakeReddit.Fullnames.Contains)];
        }
        while (found.Count < FakeReddit.Fullnames.Count && DateTime.UtcNow < deadline);

        Assert.Equal(FakeReddit.Fullnames.Order(), found.Order());
        // Three more poll cycles pass (a cycle has ended, its posts sent on, once the next one reads); the same posts are not stored again.
        var readsBefore = system.Reddit.Reads;
        await Eventually.TrueAsync(() => system.Reddit.Reads >= readsBefore + 4, TimeSpan.FromSeconds(30), "four more reads of the subreddit");
        var again = await Json.ReadAsync(await system.Api.GetAsync("/feedback?source=reddit&limit=200"));
        Assert.Equal(FakeReddit.Fullnames.Count,
            again.GetProperty("items").EnumerateArray().Count(item => item.TryGetProperty("external_id", out var id) && FakeReddit.Fullnames.Contains(id.GetString()!)));
    }
}

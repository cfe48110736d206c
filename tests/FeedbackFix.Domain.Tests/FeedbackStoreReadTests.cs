using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

public sealed class FeedbackStoreReadTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly StoreSet _stores = new(redis.Connection);

    [Fact]
    public async Task Get_of_an_unknown_id_is_null()
    {
        Assert.Null(await _stores.Feedback.GetAsync(Ids.New()));
    }

    [Fact]
    public async Task GetMany_keeps_the_order_asked_with_null_for_missing_ids()
    {
        var a = await _stores.AddFeedbackAsync();
        var b = await _stores.AddFeedbackAsync();
        var missing = Ids.New();

        var items = await _stores.Feedback.GetManyAsync([b, missing, a, b]);

        Assert.Equal([b, null, a, b], items.Select(i => i?.Id));
    }

    [Fact]
    public async Task GetMany_of_no_ids_is_empty()
    {
        Assert.Empty(await _stores.Feedback.GetManyAsync([]));
    }
}

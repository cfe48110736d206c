using System.Text.Json;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Tests;

public sealed class FeedbackStoreAddTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 1, 10, 8, 30, 15, 123, TimeSpan.Zero);
    private static readonly DateTimeOffset IngestedAt = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly StoreSet _stores = new(redis.Connection, new ManualClock(IngestedAt));

    [Fact]
    public async Task Add_writes_the_feedback_hash_with_every_contract_field()
    {
        using var metadata = JsonDocument.Parse("""{"subreddit":"app","score":12}""");
        var externalId = "t3_" + Ids.New();
        var feedback = new NewFeedback(FeedbackSource.Reddit, externalId, "Crash", "It crashes", "https://reddit.com/r/app/1", "ann",
            CreatedAt, metadata.RootElement.Clone());

        var added = await _stores.Feedback.AddAsync(feedback, TestData.TraceParent);

        var hash = (await _stores.Db.HashGetAllAsync(RedisKeys.Feedback(added.Id))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(added.Id, hash["id"]);
        Assert.Equal("reddit", hash["source"]);
        Assert.Equal(externalId, hash["external_id"]);
        Assert.Equal("Crash", hash["title"]);
        Assert.Equal("It crashes", hash["body"]);
        Assert.Equal("https://reddit.com/r/app/1", hash["url"]);
        Assert.Equal("ann", hash["author"]);
        Assert.Equal("2026-01-10T08:30:15.123Z", hash["created_at"]);
        Assert.Equal("2026-01-15T12:00:00.000Z", hash["ingested_at"]);
        Assert.Equal(12, JsonDocument.Parse(hash["metadata"]).RootElement.GetProperty("score").GetInt32());
        Assert.False(hash.ContainsKey("cluster_id"));
    }

    [Fact]
    public async Task Add_returns_a_valid_new_id_marked_created()
    {
        var added = await _stores.Feedback.AddAsync(TestData.Feedback(), null);

        Assert.True(added.Created);
        Assert.True(RecordId.IsValid(added.Id));
    }

    [Fact]
    public async Task Add_indexes_the_item_in_feedback_all_scored_by_created_at_milliseconds()
    {
        var added = await _stores.Feedback.AddAsync(TestData.Feedback(createdAt: CreatedAt), null);

        var score = await _stores.Db.SortedSetScoreAsync(RedisKeys.FeedbackAll, added.Id);
        Assert.Equal(CreatedAt.ToUnixTimeMilliseconds(), score);
    }

    [Fact]
    public async Task Add_puts_the_item_in_feedback_unclustered()
    {
        var added = await _stores.Feedback.AddAsync(TestData.Feedback(), null);

        Assert.True(await _stores.Db.SetContainsAsync(RedisKeys.FeedbackUnclustered, added.Id));
    }

    [Fact]
    public async Task Add_records_the_external_id_in_the_source_dedupe_hash()
    {
        var feedback = TestData.Feedback(FeedbackSource.Sentry);

        var added = await _stores.Feedback.AddAsync(feedback, null);

        Assert.Equal(added.Id, (string?)await _stores.Db.HashGetAsync("feedback:external:sentry", feedback.ExternalId));
    }

    [Fact]
    public async Task Add_appends_one_stream_entry_with_the_id_and_traceparent()
    {
        var added = await _stores.Feedback.AddAsync(TestData.Feedback(), TestData.TraceParent);

        var entries = await StreamEntriesForAsync(added.Id);
        var entry = Assert.Single(entries);
        Assert.Equal(TestData.TraceParent, (string?)entry["traceparent"]);
    }

    [Fact]
    public async Task Add_reads_back_as_the_item_that_was_stored()
    {
        var feedback = TestData.Feedback(FeedbackSource.Github, createdAt: CreatedAt);

        var added = await _stores.Feedback.AddAsync(feedback, null);

        var item = await _stores.Feedback.GetAsync(added.Id);
        Assert.NotNull(item);
        Assert.Equal(added.Id, item.Id);
        Assert.Equal(FeedbackSource.Github, item.Source);
        Assert.Equal(feedback.ExternalId, item.ExternalId);
        Assert.Equal(feedback.Title, item.Title);
        Assert.Equal(feedback.Body, item.Body);
        Assert.Equal(feedback.Url, item.Url);
        Assert.Equal(feedback.Author, item.Author);
        Assert.Equal(CreatedAt, item.CreatedAt);
        Assert.Equal(IngestedAt, item.IngestedAt);
        Assert.Null(item.ClusterId);
    }

    [Fact]
    public async Task Add_of_a_duplicate_returns_the_existing_id_not_created()
    {
        var first = await _stores.Feedback.AddAsync(TestData.Feedback(externalId: "dup-" + Ids.New()), null);
        var duplicate = TestData.Feedback(externalId: (await _stores.Feedback.GetAsync(first.Id))!.ExternalId, title: "Another title");

        var again = await _stores.Feedback.AddAsync(duplicate, null);

        Assert.False(again.Created);
        Assert.Equal(first.Id, again.Id);
    }

    [Fact]
    public async Task Add_of_a_duplicate_writes_nothing()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var feedback = TestData.Feedback();
        var first = await stores.Feedback.AddAsync(feedback, TestData.TraceParent);
        var server = dedicated.Server.Connection.GetServer("127.0.0.1", dedicated.Server.Port);
        var keysBefore = await server.DatabaseSizeAsync();
        var streamBefore = await stores.Db.StreamLengthAsync(RedisKeys.FeedbackStream);
        var hashBefore = await stores.Db.HashGetAllAsync(RedisKeys.Feedback(first.Id));

        await stores.Feedback.AddAsync(feedback with { Title = "Changed title", Body = "Changed body" }, TestData.TraceParent);

        Assert.Equal(keysBefore, await server.DatabaseSizeAsync());
        Assert.Equal(streamBefore, await stores.Db.StreamLengthAsync(RedisKeys.FeedbackStream));
        Assert.Equal(1, await stores.Db.SortedSetLengthAsync(RedisKeys.FeedbackAll));
        Assert.Equal(1, await stores.Db.SetLengthAsync(RedisKeys.FeedbackUnclustered));
        Assert.Equal(hashBefore.OrderBy(e => e.Name.ToString()), (await stores.Db.HashGetAllAsync(RedisKeys.Feedback(first.Id))).OrderBy(e => e.Name.ToString()));
    }

    [Fact]
    public async Task Add_of_the_same_external_id_from_another_source_is_a_new_item()
    {
        var externalId = "shared-" + Ids.New();
        var reddit = await _stores.Feedback.AddAsync(TestData.Feedback(FeedbackSource.Reddit, externalId), null);

        var github = await _stores.Feedback.AddAsync(TestData.Feedback(FeedbackSource.Github, externalId), null);

        Assert.True(github.Created);
        Assert.NotEqual(reddit.Id, github.Id);
    }

    [Fact]
    public async Task Add_without_external_id_never_dedupes()
    {
        var feedback = TestData.Feedback(externalId: null);

        var first = await _stores.Feedback.AddAsync(feedback, null);
        var second = await _stores.Feedback.AddAsync(feedback, null);

        Assert.True(first.Created);
        Assert.True(second.Created);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Null((await _stores.Feedback.GetAsync(second.Id))!.ExternalId);
    }

    [Fact]
    public async Task Add_of_one_external_id_fifty_times_at_once_stores_exactly_one_item()
    {
        var feedback = TestData.Feedback();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _stores.Feedback.AddAsync(feedback, null)));

        var created = Assert.Single(results, r => r.Created);
        Assert.All(results, r => Assert.Equal(created.Id, r.Id));
        Assert.Single(await StreamEntriesForAsync(created.Id));
        Assert.Equal(created.Id, (string?)await _stores.Db.HashGetAsync("feedback:external:manual", feedback.ExternalId));
    }

    [Fact]
    public async Task AddMany_stores_every_item_and_reports_each()
    {
        var batch = Enumerable.Range(0, 5).Select(_ => TestData.Feedback(FeedbackSource.Reddit)).ToList();

        var results = await _stores.Feedback.AddManyAsync(batch, TestData.TraceParent);

        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.True(r.Created));
        Assert.Equal(5, results.Select(r => r.Id).Distinct().Count());
        var items = await _stores.Feedback.GetManyAsync([.. results.Select(r => r.Id)]);
        Assert.Equal(batch.Select(b => b.ExternalId), items.Select(i => i!.ExternalId));
        foreach (var result in results)
        {
            Assert.Single(await StreamEntriesForAsync(result.Id));
        }
    }

    [Fact]
    public async Task AddMany_dedupes_within_the_batch_and_against_stored_items()
    {
        var stored = TestData.Feedback();
        var existing = await _stores.Feedback.AddAsync(stored, null);
        var fresh = TestData.Feedback();

        var results = await _stores.Feedback.AddManyAsync([fresh, stored, fresh], null);

        Assert.True(results[0].Created);
        Assert.Equal(new FeedbackRef(existing.Id, false), results[1]);
        Assert.Equal(new FeedbackRef(results[0].Id, false), results[2]);
    }

    [Fact]
    public async Task AddMany_of_an_empty_batch_returns_nothing()
    {
        var results = await _stores.Feedback.AddManyAsync([], null);

        Assert.Empty(results);
    }

    [Fact]
    public async Task A_delivery_id_is_remembered_for_a_while_beside_the_dedupe_hash_not_in_it()
    {
        var issue = TestData.Feedback(FeedbackSource.Github, externalId: "gh-" + Ids.New());
        var opened = "opened-" + Ids.New();
        var edited = "edited-" + Ids.New();

        var added = await _stores.Feedback.AddOrUpdateAsync(issue, opened, replaceText: false, sourceUpdatedAt: null, traceParent: null);
        var updated = await _stores.Feedback.AddOrUpdateAsync(issue with { Body = "Edited." }, edited, replaceText: true, sourceUpdatedAt: null, traceParent: null);
        var redelivered = await _stores.Feedback.AddOrUpdateAsync(issue with { Body = "Edited." }, edited, replaceText: true, sourceUpdatedAt: null, traceParent: null);

        Assert.True(added.Created);
        Assert.True(updated.Updated);
        Assert.False(redelivered.Created || redelivered.Updated);
        Assert.Equal(added.Id, redelivered.Id);
        foreach (var delivery in new[] { opened, edited })
        {
            Assert.False(await _stores.Db.HashExistsAsync(RedisKeys.FeedbackExternal(FeedbackSource.Github), delivery));
            Assert.Equal(added.Id, (string?)await _stores.Db.StringGetAsync(RedisKeys.WebhookDelivery(FeedbackSource.Github, delivery)));
            var ttl = await _stores.Db.KeyTimeToLiveAsync(RedisKeys.WebhookDelivery(FeedbackSource.Github, delivery));
            Assert.InRange(ttl!.Value, FeedbackStore.DeliveryMemory - TimeSpan.FromMinutes(1), FeedbackStore.DeliveryMemory);
        }
    }

    [Fact]
    public async Task A_delivery_id_kept_in_the_dedupe_hash_by_an_earlier_version_is_still_a_duplicate()
    {
        var issue = TestData.Feedback(FeedbackSource.Github, externalId: "gh-" + Ids.New());
        var added = await _stores.Feedback.AddOrUpdateAsync(issue, "opened-" + Ids.New(), replaceText: false, sourceUpdatedAt: null, traceParent: null);
        var earlier = "edited-" + Ids.New();
        await _stores.Db.HashSetAsync(RedisKeys.FeedbackExternal(FeedbackSource.Github), earlier, added.Id);

        var again = await _stores.Feedback.AddOrUpdateAsync(issue with { Body = "Old edit." }, earlier, replaceText: true, sourceUpdatedAt: null, traceParent: null);

        Assert.False(again.Created || again.Updated);
        Assert.Equal(issue.Body, (await _stores.Feedback.GetAsync(added.Id))!.Body);
    }

    private async Task<List<StreamEntry>> StreamEntriesForAsync(string id) =>
        [.. (await _stores.Db.StreamRangeAsync(RedisKeys.FeedbackStream)).Where(e => e["id"] == id)];
}

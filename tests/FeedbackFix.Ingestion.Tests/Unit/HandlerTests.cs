using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Ingestion.Apis;
using FeedbackFix.Ingestion.Ingest;
using FeedbackFix.Ingestion.Model;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.TestSupport;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedbackFix.Ingestion.Tests.Unit;

/// <summary>The handlers called directly, without HTTP, over a real Redis.</summary>
public sealed class HandlerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly TimeProvider _time = new FixedTime(FixedTime.Noon);
    private readonly IngestLog _log = new(NullLogger<IngestLog>.Instance);

    private FeedbackStore Store => new(redis.Connection, _time);

    [Fact]
    public async Task Manual_ingest_creates_then_finds_the_duplicate()
    {
        var request = new ManualFeedbackRequest("Export is slow", ExternalId: Unique.Token());

        var first = await IngestApi.IngestManualAsync(request, Store, _time, _log);
        var second = await IngestApi.IngestManualAsync(request, Store, _time, _log);

        var created = Assert.IsType<Created<IngestResult>>(first.Result);
        Assert.Equal($"/feedback/{created.Value!.Id}", created.Location);
        Assert.False(created.Value.Duplicate);
        var duplicate = Assert.IsType<Ok<IngestResult>>(second.Result);
        Assert.Equal(new IngestResult(created.Value.Id, Duplicate: true), duplicate.Value);
    }

    [Fact]
    public async Task Invalid_manual_ingest_is_a_validation_problem_and_stores_nothing()
    {
        var externalId = Unique.Token();

        var result = await IngestApi.IngestManualAsync(new ManualFeedbackRequest("", ExternalId: externalId), Store, _time, _log);

        Assert.IsType<ValidationProblem>(result.Result);
        Assert.False(await redis.Connection.GetDatabase().HashExistsAsync("feedback:external:manual", externalId));
    }

    [Fact]
    public async Task A_batch_of_more_than_100_posts_is_refused()
    {
        var posts = Enumerable.Range(0, 101).Select(_ => (RedditPost?)new RedditPost(Unique.RedditName(), "T")).ToList();

        var result = await IngestApi.IngestRedditAsync(new RedditIngestRequest(posts, IsBatch: true), Store, _time, _log);

        var problem = Assert.IsType<ValidationProblem>(result.Result);
        Assert.Equal(["posts"], problem.ProblemDetails.Errors.Keys);
        Assert.False(await redis.Connection.GetDatabase().HashExistsAsync("feedback:external:reddit", posts[0]!.Name));
    }

    [Fact]
    public async Task A_single_reddit_post_answers_like_manual_ingest()
    {
        var request = new RedditIngestRequest([new RedditPost(Unique.RedditName(), "Dark mode please")], IsBatch: false);

        var first = await IngestApi.IngestRedditAsync(request, Store, _time, _log);
        var second = await IngestApi.IngestRedditAsync(request, Store, _time, _log);

        var id = Assert.IsType<Created<IngestResult>>(first.Result).Value!.Id;
        Assert.Equal(id, Assert.IsType<Ok<IngestResult>>(second.Result).Value!.Id);
        var item = Assert.IsType<Ok<FeedbackItem>>((await FeedbackApi.GetFeedbackAsync(RecordId.Parse(id, null), Store)).Result).Value!;
        Assert.Equal((FeedbackSource.Reddit, "Dark mode please", FixedTime.Noon), (item.Source, item.Title, item.CreatedAt));
    }

    [Fact]
    public async Task Get_refuses_a_malformed_id_and_answers_404_for_an_unknown_one()
    {
        // A malformed id never reaches the handler: it does not bind (the HTTP tests see its 400 naming "id").
        var malformed = RecordId.TryParse("not/an id", null, out _);
        var unknown = await FeedbackApi.GetFeedbackAsync(RecordId.Parse(Unique.Token(), null), Store);

        Assert.False(malformed);
        Assert.Equal(404, Assert.IsType<ProblemHttpResult>(unknown.Result).StatusCode);
    }
}

using System.Text;
using System.Text.Json;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Ingestion.Model;
using Microsoft.Extensions.Hosting;

namespace FeedbackFix.Ingestion.Tests.Unit;

public sealed class RedditIngestRequestConverterTests
{
    private static RedditIngestRequest Read(string json) => JsonSerializer.Deserialize<RedditIngestRequest>(json, ApiJson.Options)!;

    [Fact]
    public void A_single_post_object_is_not_a_batch()
    {
        var request = Read("""{"name": "t3_a1", "title": "T", "num_comments": 3, "created_utc": 1700000000.0}""");

        Assert.False(request.IsBatch);
        var post = Assert.Single(request.Posts);
        Assert.Equal(("t3_a1", "T", 3L, 1_700_000_000.0), (post!.Name, post.Title, post.NumComments, post.CreatedUtc));
    }

    [Fact]
    public void An_object_with_posts_is_a_batch_wherever_posts_appears()
    {
        var request = Read("""{"source": {"nested": {"posts": 1}}, "posts": [{"name": "t3_a1", "title": "A"}, {"name": "t3_b2", "title": "B"}]}""");

        Assert.True(request.IsBatch);
        Assert.Equal(["t3_a1", "t3_b2"], request.Posts.Select(p => p!.Name));
    }

    [Fact]
    public async Task A_single_post_streamed_in_small_chunks_is_read()
    {
        // As ASP.NET Core reads a body: asynchronously, a buffer at a time, so the reader is not on its final block.
        // Trailing white space keeps the stream open past the object, as a network body may be.
        var json = Encoding.UTF8.GetBytes("""{"name": "t3_a1", "title": "T", "extra": {"deep": [1, 2, 3]}, "selftext": "body"}""" + new string(' ', 4096));
        var options = new JsonSerializerOptions(ApiJson.Options) { DefaultBufferSize = 16 };

        var request = await JsonSerializer.DeserializeAsync<RedditIngestRequest>(new MemoryStream(json), options);

        Assert.False(request!.IsBatch);
        Assert.Equal("body", Assert.Single(request.Posts)!.Selftext);
    }

    [Fact]
    public void Posts_nested_deeper_do_not_make_a_batch()
    {
        var request = Read("""{"name": "t3_a1", "title": "A", "extra": {"posts": []}}""");

        Assert.False(request.IsBatch);
    }

    [Fact]
    public void A_wrongly_typed_field_reports_its_full_path()
    {
        var error = Assert.Throws<JsonException>(() => Read("""{"posts": [{"name": "t3_a1", "title": "A"}, {"name": "t3_b2", "title": "B", "score": "lots"}]}"""));

        Assert.Equal("$.posts[1].score", error.Path);
    }

    [Fact]
    public void A_body_that_is_not_an_object_is_rejected()
    {
        Assert.Throws<JsonException>(() => Read("""[{"name": "t3_a1"}]"""));
    }
}

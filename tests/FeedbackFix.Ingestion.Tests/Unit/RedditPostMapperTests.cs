using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Ingestion.Ingest;
using FeedbackFix.Ingestion.Model;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.ServiceDefaults.Validation;

namespace FeedbackFix.Ingestion.Tests.Unit;

public sealed class RedditPostMapperTests
{
    private static readonly DateTimeOffset Now = FixedTime.Noon;

    private static RedditPost Post(string name = "t3_abc123", string? title = "App crashes") => new(
        name, title, Selftext: "It crashes when I save.", Url: "https://example.com/linked",
        Permalink: "/r/dotnet/comments/abc123/app_crashes/", Author: "someone", Subreddit: "dotnet",
        CreatedUtc: 1_700_000_000.5, Score: 42, NumComments: 7);

    [Fact]
    public void A_post_maps_to_reddit_feedback_keyed_by_its_fullname()
    {
        var errors = new FieldErrors();

        var feedback = RedditPostMapper.Map(Post(), "", Now, errors);

        Assert.NotNull(feedback);
        Assert.Equal(FeedbackSource.Reddit, feedback.Source);
        Assert.Equal("t3_abc123", feedback.ExternalId);
        Assert.Equal("App crashes", feedback.Title);
        Assert.Equal("It crashes when I save.", feedback.Body);
        Assert.Equal("https://www.reddit.com/r/dotnet/comments/abc123/app_crashes/", feedback.Url);
        Assert.Equal("someone", feedback.Author);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), feedback.CreatedAt);
        var metadata = feedback.Metadata!.Value;
        Assert.Equal("dotnet", metadata.GetProperty("subreddit").GetString());
        Assert.Equal(42, metadata.GetProperty("score").GetInt64());
        Assert.Equal(7, metadata.GetProperty("num_comments").GetInt64());
        Assert.Equal("https://example.com/linked", metadata.GetProperty("link_url").GetString());
        Assert.False(metadata.TryGetProperty("body_truncated", out _));
    }

    [Fact]
    public void Without_a_permalink_the_post_url_is_used_and_time_defaults_to_now()
    {
        var errors = new FieldErrors();

        var feedback = RedditPostMapper.Map(new RedditPost("t3_x1", "Title", Url: "https://example.com/x"), "", Now, errors);

        Assert.Equal("https://example.com/x", feedback?.Url);
        Assert.Equal(Now, feedback?.CreatedAt);
        Assert.Equal("", feedback?.Body);
    }

    [Fact]
    public void A_body_over_the_limit_is_truncated_and_marked_not_rejected()
    {
        var errors = new FieldErrors();

        var feedback = RedditPostMapper.Map(Post() with { Selftext = new string('s', FeedbackLimits.BodyMaxLength + 500) }, "", Now, errors);

        Assert.NotNull(feedback);
        Assert.Equal(FeedbackLimits.BodyMaxLength, feedback.Body.Length);
        Assert.True(feedback.Metadata!.Value.GetProperty("body_truncated").GetBoolean());
    }

    [Fact]
    public void A_crossposts_link_a_path_on_reddit_is_made_whole()
    {
        var errors = new FieldErrors();

        var feedback = RedditPostMapper.Map(Post() with { Permalink = null, Url = "/r/other/comments/xyz789/original/" }, "", Now, errors);

        Assert.NotNull(feedback);
        Assert.Equal("https://www.reddit.com/r/other/comments/xyz789/original/", feedback.Url);
        Assert.Equal(feedback.Url, feedback.Metadata!.Value.GetProperty("link_url").GetString());
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://files.example.com/x")]
    [InlineData("//evil.example.com/x")]
    public void A_link_that_cannot_be_shown_is_left_out_and_the_post_kept(string url)
    {
        var errors = new FieldErrors();

        var feedback = RedditPostMapper.Map(Post() with { Url = url }, "", Now, errors);

        Assert.NotNull(feedback);
        Assert.Equal(0, errors.Count);
        Assert.Equal("https://www.reddit.com/r/dotnet/comments/abc123/app_crashes/", feedback.Url);
        Assert.False(feedback.Metadata!.Value.TryGetProperty("link_url", out _));
    }

    [Fact]
    public void A_link_longer_than_a_stored_url_is_left_out_and_the_post_kept()
    {
        var errors = new FieldErrors();

        var feedback = RedditPostMapper.Map(Post() with { Url = "https://example.com/" + new string('a', FeedbackLimits.UrlMaxLength) }, "", Now, errors);

        Assert.NotNull(feedback);
        Assert.False(feedback.Metadata!.Value.TryGetProperty("link_url", out _));
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        var text = new string('a', 9) + "😀";

        var (cut, truncated) = RedditPostMapper.Truncate(text, 10);

        Assert.True(truncated);
        Assert.Equal(new string('a', 9), cut);
    }

    public static TheoryData<string, RedditPost> InvalidPosts() => new()
    {
        { "name", Post() with { Name = null! } },
        { "name", Post("T3_ABC") },
        { "name", Post("t1_abc") },
        { "name", Post("t3_abc\n") },
        { "name", Post("t3_" + new string('a', 17)) },
        { "title", Post(title: null) },
        { "title", Post(title: new string('t', 301)) },
        { "permalink", Post() with { Permalink = "r/dotnet/no-leading-slash" } },
        { "permalink", Post() with { Permalink = "//evil.example.com/x" } },
        { "author", Post() with { Author = new string('a', 201) } },
        { "created_utc", Post() with { CreatedUtc = -1 } },
        { "created_utc", Post() with { CreatedUtc = FixedTime.Noon.AddHours(1).ToUnixTimeSeconds() } },
    };

    [Theory]
    [MemberData(nameof(InvalidPosts))]
    public void An_invalid_field_is_named_with_the_batch_prefix(string field, RedditPost post)
    {
        var errors = new FieldErrors();

        var feedback = RedditPostMapper.Map(post, "posts[3].", Now, errors);

        Assert.Null(feedback);
        Assert.Equal(["posts[3]." + field], errors.ToProblem().ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void A_null_entry_in_a_batch_is_named_by_its_index()
    {
        var errors = new FieldErrors();

        Assert.Null(RedditPostMapper.Map(null, "posts[1].", Now, errors));
        Assert.Equal(["posts[1]"], errors.ToProblem().ProblemDetails.Errors.Keys);
    }
}

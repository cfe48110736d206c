using System.Net;
using System.Text;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain;
using FeedbackFix.Ingestion.Tests.Support;

namespace FeedbackFix.Ingestion.Tests.Http;

/// <summary>
/// Every bad request answers problem details naming what was wrong, and stores nothing: each
/// body carries a fresh marker id ("{marker}") that must not appear in the dedupe index afterwards.
/// </summary>
[Collection(IngestionAppCollection.Name)]
public sealed class BadInputHttpTests(IngestionApp app)
{
    private const string Json = "application/json";

    private sealed record BadRequest(
        HttpMethod Method,
        string Path,
        string? Body,
        HttpStatusCode Status,
        string? Field,
        FeedbackSource? MarkerSource = null,
        string ContentType = Json);

    private static readonly Dictionary<string, BadRequest> Cases = new()
    {
        ["malformed JSON"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "x", "external_id": "{marker}" """, HttpStatusCode.BadRequest, null, FeedbackSource.Manual),
        ["empty body"] = new(HttpMethod.Post, "/ingest/manual", "", HttpStatusCode.BadRequest, "$"),
        ["null body"] = new(HttpMethod.Post, "/ingest/manual", "null", HttpStatusCode.BadRequest, "$"),
        ["empty reddit body"] = new(HttpMethod.Post, "/ingest/reddit", "", HttpStatusCode.BadRequest, "$"),
        ["null subreddit body"] = new(HttpMethod.Post, "/config/reddit/subreddits", "null", HttpStatusCode.BadRequest, "$"),
        ["NUL in the title"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "Crash\u0000 on save", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "title", FeedbackSource.Manual),
        ["ESC in the body"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "t", "body": "\u001b[2Jcleared", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "body", FeedbackSource.Manual),
        ["bidi override in the body"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "t", "body": "access \u202Eniamod\u202C", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "body", FeedbackSource.Manual),
        ["zero-width title"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "\u200B\u200D\uFEFF", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "title", FeedbackSource.Manual),
        ["text/plain content type"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "x", "external_id": "{marker}"}""", HttpStatusCode.UnsupportedMediaType, null, FeedbackSource.Manual, "text/plain"),
        ["title of the wrong type"] = new(HttpMethod.Post, "/ingest/manual", """{"title": 5, "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "title", FeedbackSource.Manual),
        ["a member the request does not take"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "t", "tittle": "typo", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "tittle", FeedbackSource.Manual),
        ["a member given twice"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "t", "title": "again", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "title", FeedbackSource.Manual),
        ["metadata holding a member given twice"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "t", "metadata": {"os": "ios", "os": "android"}, "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "metadata", FeedbackSource.Manual),
        ["a misspelt subreddit member"] = new(HttpMethod.Post, "/config/reddit/subreddits", """{"nmae": "csharp"}""", HttpStatusCode.BadRequest, "nmae"),
        ["missing title"] = new(HttpMethod.Post, "/ingest/manual", """{"body": "b", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "title", FeedbackSource.Manual),
        ["blank title"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "   ", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "title", FeedbackSource.Manual),
        ["title of 301 characters"] = new(HttpMethod.Post, "/ingest/manual", $$"""{"title": "{{new string('t', 301)}}", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "title", FeedbackSource.Manual),
        ["body of 20001 characters"] = new(HttpMethod.Post, "/ingest/manual", $$"""{"title": "t", "body": "{{new string('b', 20_001)}}", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "body", FeedbackSource.Manual),
        ["relative url"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "t", "url": "/just/a/path", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "url", FeedbackSource.Manual),
        ["javascript url"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "t", "url": "javascript:alert(1)", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "url", FeedbackSource.Manual),
        ["created_at not a date"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "t", "created_at": "yesterday", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "created_at", FeedbackSource.Manual),
        ["created_at in the future"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "t", "created_at": "2100-01-01T00:00:00Z", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "created_at", FeedbackSource.Manual),
        ["created_at a default value"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "t", "created_at": "0001-01-01T00:00:00Z", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "created_at", FeedbackSource.Manual),
        ["created_at before the Unix epoch"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "t", "created_at": "1969-12-31T23:59:59Z", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "created_at", FeedbackSource.Manual),
        ["metadata not an object"] = new(HttpMethod.Post, "/ingest/manual", """{"title": "t", "metadata": "text", "external_id": "{marker}"}""", HttpStatusCode.BadRequest, "metadata", FeedbackSource.Manual),
        ["reddit post with a bad fullname"] = new(HttpMethod.Post, "/ingest/reddit", """{"name": "t1_{marker}", "title": "t"}""", HttpStatusCode.BadRequest, "name"),
        ["reddit post without title"] = new(HttpMethod.Post, "/ingest/reddit", """{"name": "t3_{marker}"}""", HttpStatusCode.BadRequest, "title", FeedbackSource.Reddit),
        ["reddit batch with one invalid post"] = new(HttpMethod.Post, "/ingest/reddit", """{"posts": [{"name": "t3_{marker}", "title": "fine"}, {"name": "t3_b{marker}", "title": "fine"}, {"name": "t3_c{marker}", "title": ""}]}""", HttpStatusCode.BadRequest, "posts[2].title", FeedbackSource.Reddit),
        ["reddit batch with a wrongly typed field"] = new(HttpMethod.Post, "/ingest/reddit", """{"posts": [{"name": "t3_{marker}", "title": "fine"}, {"name": "t3_b{marker}", "title": "t", "score": "lots"}]}""", HttpStatusCode.BadRequest, "posts[1].score", FeedbackSource.Reddit),
        ["empty reddit batch"] = new(HttpMethod.Post, "/ingest/reddit", """{"posts": []}""", HttpStatusCode.BadRequest, "posts"),
        ["malformed feedback id"] = new(HttpMethod.Get, "/feedback/not.an.id", null, HttpStatusCode.BadRequest, "id"),
        ["unknown feedback id"] = new(HttpMethod.Get, "/feedback/" + Ids.New(), null, HttpStatusCode.NotFound, null),
        ["bad cursor"] = new(HttpMethod.Get, "/feedback?cursor=bm90LWEtY3Vyc29y", null, HttpStatusCode.BadRequest, "cursor"),
        ["limit too large"] = new(HttpMethod.Get, "/feedback?limit=201", null, HttpStatusCode.BadRequest, "limit"),
        ["unknown source"] = new(HttpMethod.Get, "/feedback?source=twitter", null, HttpStatusCode.BadRequest, "source"),
        ["unclustered not a boolean"] = new(HttpMethod.Get, "/feedback?unclustered=maybe", null, HttpStatusCode.BadRequest, "unclustered"),
        ["invalid subreddit"] = new(HttpMethod.Post, "/config/reddit/subreddits", """{"name": "no spaces allowed"}""", HttpStatusCode.BadRequest, "name"),
        ["unknown subreddit delete"] = new(HttpMethod.Delete, "/config/reddit/subreddits/na_{marker}", null, HttpStatusCode.NotFound, null),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_answers_problem_details_and_stores_nothing(string name)
    {
        var bad = Cases[name];
        var marker = Unique.Token()[..12];
        using var request = new HttpRequestMessage(bad.Method, bad.Path.Replace("{marker}", marker, StringComparison.Ordinal));
        if (bad.Body is not null)
        {
            request.Content = new StringContent(bad.Body.Replace("{marker}", marker, StringComparison.Ordinal), Encoding.UTF8, bad.ContentType);
        }

        var response = await app.CreateClient().SendAsync(request);

        var problem = await HttpAssert.ProblemAsync(response, bad.Status, bad.Field);
        Assert.DoesNotContain("   at ", problem.ToString(), StringComparison.Ordinal);
        if (bad.MarkerSource is { } source)
        {
            var externalId = source == FeedbackSource.Reddit ? "t3_" + marker : marker;
            Assert.False(await app.IsStoredAsync(source, externalId), $"{name} stored {externalId}");
        }
    }
}

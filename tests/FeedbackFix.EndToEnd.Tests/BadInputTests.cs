using System.Net;
using System.Text;

namespace FeedbackFix.EndToEnd.Tests;

[Collection(AppHostCollection.Name)]
public sealed class BadInputTests(AppHostFixture system)
{
    public static TheoryData<string, string, string?, string, HttpStatusCode, string> Cases => new()
    {
        // method, path, content type, body, expected status, a word the answer must name
        { "POST", "/ingest/manual", "application/json", "{\"title\": ", HttpStatusCode.BadRequest, "JSON" },
        { "POST", "/ingest/manual", "text/plain", "title=hello", HttpStatusCode.UnsupportedMediaType, "Content-Type" },
        { "POST", "/ingest/manual", "application/json", "{\"body\": \"no title\"}", HttpStatusCode.BadRequest, "title" },
        { "POST", "/ingest/manual", "application/json", "{\"title\": \"" + new string('t', 301) + "\"}", HttpStatusCode.BadRequest, "title" },
        { "POST", "/ingest/manual", "application/json", "{\"title\": \"ok\", \"body\": \"" + new string('b', 20_001) + "\"}", HttpStatusCode.BadRequest, "body" },
        { "POST", "/ingest/manual", "application/json", "{\"title\": 42}", HttpStatusCode.BadRequest, "title" },
        { "POST", "/ingest/reddit", "application/json", "{\"posts\": [{\"name\": \"t3_ok1\", \"title\": \"fine\"}, {\"name\": \"bad name\", \"title\": \"x\"}]}", HttpStatusCode.BadRequest, "posts[1].name" },
        { "GET", "/feedback/not%20an%20id", null, "", HttpStatusCode.BadRequest, "id" },
        { "GET", "/feedback/unknown-id-123", null, "", HttpStatusCode.NotFound, "unknown-id-123" },
        { "GET", "/feedback?source=fax", null, "", HttpStatusCode.BadRequest, "source" },
        { "GET", "/feedback?cursor=@@@", null, "", HttpStatusCode.BadRequest, "cursor" },
        { "GET", "/feedback?limit=0", null, "", HttpStatusCode.BadRequest, "limit" },
        { "GET", "/clusters?status=sleeping", null, "", HttpStatusCode.BadRequest, "status" },
        { "GET", "/clusters/unknown-cluster-1", null, "", HttpStatusCode.NotFound, "unknown-cluster-1" },
        { "PATCH", "/clusters/unknown-cluster-2", "application/json", "{\"title\": \"x\"}", HttpStatusCode.NotFound, "unknown-cluster-2" },
        { "POST", "/clusters/unknown-cluster-3/start_fix", null, "", HttpStatusCode.NotFound, "unknown-cluster-3" },
        { "GET", "/jobs/unknown-job-1", null, "", HttpStatusCode.NotFound, "unknown-job-1" },
        { "GET", "/jobs?status=paused", null, "", HttpStatusCode.BadRequest, "status" },
        { "POST", "/config/reddit/subreddits", "application/json", "{\"name\": \"no spaces allowed\"}", HttpStatusCode.BadRequest, "name" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_problem_details_that_name_what_was_wrong(
        string method, string path, string? contentType, string body, HttpStatusCode expected, string named)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (contentType is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        var response = await system.Api.SendAsync(request);

        var problem = await Problems.AssertProblemAsync(response, expected);
        Assert.Contains(named, problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_rejected_batch_stores_none_of_its_posts()
    {
        var good = "t3_" + Guid.NewGuid().ToString("N")[..10];
        var batch = new { posts = new object[] { new { name = good, title = "fine" }, new { name = good + "x", title = "" } } };

        var response = await system.Api.PostAsync("/ingest/reddit", Json.Body(batch));

        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var page = await Json.ReadAsync(await system.Api.GetAsync("/feedback?source=reddit&limit=200"));
        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), item => item.Str("external_id") == good);
    }
}

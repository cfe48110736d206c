using System.Net;
using System.Security.Cryptography;
using System.Text;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Idempotency;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Ingestion.Tests.Support;

namespace FeedbackFix.Ingestion.Tests.Http;

/// <summary>Idempotency-Key on POST /ingest/manual: a retried request stores nothing twice.</summary>
[Collection(IngestionAppCollection.Name)]
public sealed class IdempotencyKeyHttpTests(IngestionApp app)
{
    private const string Scope = "ingest_manual";
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_repeat_with_the_same_key_and_body_answers_the_first_answer_and_stores_one_item()
    {
        var (key, title) = (Guid.NewGuid().ToString(), Unique.Token());
        var body = ManualBody(title);

        var first = await _client.SendAsync(Keyed(key, body));
        var firstBody = await first.Content.ReadAsStringAsync();
        var second = await _client.SendAsync(Keyed(key, body));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await CountTitledAsync(title));
    }

    [Fact]
    public async Task One_key_sent_by_two_api_clients_is_two_requests_and_neither_gets_the_others_answer()
    {
        var key = Guid.NewGuid().ToString();
        var (mine, theirs) = (Unique.Token(), Unique.Token());

        var first = await _client.SendAsync(Keyed(key, ManualBody(mine), caller: "reporter"));
        var second = await _client.SendAsync(Keyed(key, ManualBody(theirs), caller: "dashboard"));
        var repeat = await _client.SendAsync(Keyed(key, ManualBody(mine), caller: "reporter"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal((1, 1), (await CountTitledAsync(mine), await CountTitledAsync(theirs)));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_stores_nothing()
    {
        var (key, title, other) = (Guid.NewGuid().ToString(), Unique.Token(), Unique.Token());
        var first = await _client.SendAsync(Keyed(key, ManualBody(title)));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var second = await _client.SendAsync(Keyed(key, ManualBody(other)));

        var problem = await HttpAssert.ProblemAsync(second, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Idempotency-Key", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountTitledAsync(other));
    }

    [Fact]
    public async Task Concurrent_identical_requests_store_one_item()
    {
        var (key, title) = (Guid.NewGuid().ToString(), Unique.Token());
        var body = ManualBody(title);

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => _client.SendAsync(Keyed(key, body))));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.NotNull(r.Headers.RetryAfter));
        Assert.Equal(1, await CountTitledAsync(title));
    }

    [Fact]
    public async Task A_request_while_its_key_is_pending_is_409_with_retry_after_and_stores_nothing()
    {
        var (key, title) = (Guid.NewGuid().ToString(), Unique.Token());
        var body = ManualBody(title);
        // Another request of the same path and body holds the key and has not answered yet.
        var store = new IdempotencyStore(app.Redis.Connection);
        await store.ClaimAsync(Scope, key, Fingerprint("/ingest/manual", body), "someone-else", TimeSpan.FromMinutes(1));

        var response = await _client.SendAsync(Keyed(key, body));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal(0, await CountTitledAsync(title));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData(null)]
    public async Task A_malformed_key_is_400_naming_the_header_and_stores_nothing(string? key)
    {
        var title = Unique.Token();
        var request = Keyed(key ?? new string('k', 256), ManualBody(title));

        var response = await _client.SendAsync(request);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "Idempotency-Key");
        Assert.Equal(0, await CountTitledAsync(title));
    }

    [Fact]
    public async Task An_answered_key_is_kept_24_hours_then_gone()
    {
        var key = Guid.NewGuid().ToString();

        var response = await _client.SendAsync(Keyed(key, ManualBody(Unique.Token())));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ttl = await app.Redis.Connection.GetDatabase().KeyTimeToLiveAsync(RedisKeys.IdempotencyKey(Scope, key));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task A_refused_request_keeps_nothing_so_its_key_can_be_used_for_the_corrected_one()
    {
        var (key, title) = (Guid.NewGuid().ToString(), Unique.Token());

        var refused = await _client.SendAsync(Keyed(key, """{"title": ""}"""));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(await app.Redis.Connection.GetDatabase().KeyExistsAsync(RedisKeys.IdempotencyKey(Scope, key)));

        var corrected = await _client.SendAsync(Keyed(key, ManualBody(title)));

        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        Assert.Equal(1, await CountTitledAsync(title));
    }

    [Fact]
    public async Task The_api_description_names_the_header_on_manual_ingest()
    {
        var document = System.Text.Json.JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;

        var operation = document.GetProperty("paths").GetProperty("/ingest/manual").GetProperty("post");
        var header = Assert.Single(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.Equal("header", header.GetProperty("in").GetString());
        Assert.Equal(255, header.GetProperty("schema").GetProperty("maxLength").GetInt32());
        Assert.True(operation.GetProperty("responses").TryGetProperty("422", out _));
        Assert.True(operation.GetProperty("responses").TryGetProperty("409", out _));
        Assert.True(operation.GetProperty("responses").GetProperty("409").GetProperty("headers").TryGetProperty("Retry-After", out _));
        Assert.True(operation.GetProperty("responses").GetProperty("201").GetProperty("headers").TryGetProperty("Idempotent-Replayed", out _));
    }

    private static string ManualBody(string title) => $$"""{"title": "{{title}}", "body": "Retried by a client that timed out."}""";

    /// <summary>A keyed manual report; <paramref name="caller"/> as the gateway names the API client it came from.</summary>
    private static HttpRequestMessage Keyed(string key, string json, string? caller = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/manual")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        if (caller is not null)
        {
            request.Headers.Add(ApiHeaders.Caller, caller);
        }
        return request;
    }

    /// <summary>The filter's fingerprint: SHA-256 over the path, a NUL and the raw body, upper-case hex.</summary>
    private static string Fingerprint(string path, string body) =>
        Convert.ToHexString(SHA256.HashData([.. Encoding.UTF8.GetBytes(path), 0, .. Encoding.UTF8.GetBytes(body)]));

    /// <summary>How many manual items have this title (titles are unique per test).</summary>
    private async Task<int> CountTitledAsync(string title)
    {
        var db = app.Redis.Connection.GetDatabase();
        var ids = await db.SortedSetRangeByRankAsync(RedisKeys.FeedbackBySource(FeedbackSource.Manual));
        var titles = await Task.WhenAll(ids.Select(id => db.HashGetAsync(RedisKeys.Feedback(id!), "title")));
        return titles.Count(t => t == title);
    }
}

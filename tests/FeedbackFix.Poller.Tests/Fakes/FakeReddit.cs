using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.Poller.Tests.Fakes;

/// <summary>
/// A loopback Reddit speaking the real wire protocol: <c>/r/{sub}/new.json</c> listings with
/// <c>after</c>/<c>before</c> paging, X-Ratelimit-* headers and 429s, the app-only OAuth token
/// endpoint (Basic auth in, <c>expires_in</c> out, Bearer checked on listings); and, on the same
/// server, a fake Ingestion <c>POST /ingest/reddit</c> that records batches and answers in the real shape.
/// </summary>
public sealed class FakeReddit : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeSubreddit> _subreddits = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(double Remaining, int ResetSeconds)> _rateHeaders = new();
    private readonly Lock _lock = new();
    private readonly List<IReadOnlyList<string>> _batches = [];
    private readonly HashSet<string> _ingested = new(StringComparer.Ordinal);
    private readonly List<(string Token, DateTimeOffset Expires)> _tokens = [];
    private long _nextId = 1000;
    private int _ingestTooLarge;

    private FakeReddit(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>When set, listings need a Bearer token from the token endpoint, which needs these credentials.</summary>
    public (string ClientId, string Secret)? OAuthClient { get; set; }

    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>The next this many ingest calls answer 503.</summary>
    public int IngestFailNext { get; set; }

    public IReadOnlyList<IReadOnlyList<string>> Batches { get { lock (_lock) { return [.. _batches]; } } }

    /// <summary>Every fullname Ingestion received, in arrival order, duplicates included.</summary>
    public IReadOnlyList<string> IngestedNames { get { lock (_lock) { return [.. _batches.SelectMany(b => b)]; } } }

    public int TokensIssued { get { lock (_lock) { return _tokens.Count; } } }

    /// <summary>The request body the fake Ingestion takes, as the real one's Kestrel limit; a larger one is answered 413.</summary>
    public long IngestMaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>How many ingest calls were answered 413.</summary>
    public int IngestTooLarge => Volatile.Read(ref _ingestTooLarge);

    /// <summary>Fullnames Ingestion answers 400 for: a batch holding one is rejected whole, as the real one does.</summary>
    public ConcurrentDictionary<string, bool> RejectedPosts { get; } = new(StringComparer.Ordinal);

    /// <summary>Makes every token issued so far invalid, as a revocation would.</summary>
    public void RevokeTokens()
    {
        lock (_lock)
        {
            for (var i = 0; i < _tokens.Count; i++)
            {
                _tokens[i] = (_tokens[i].Token, DateTimeOffset.MinValue);
            }
        }
    }

    public FakeSubreddit Subreddit(string name) => _subreddits.GetOrAdd(name, n => new FakeSubreddit(n, () => Interlocked.Increment(ref _nextId)));

    /// <summary>Headers for the next listing answers, one pair each.</summary>
    public void SendRateLimitHeaders(params (double Remaining, int ResetSeconds)[] headers)
    {
        foreach (var header in headers)
        {
            _rateHeaders.Enqueue(header);
        }
    }

    public IReadOnlyList<RecordedRequest> RequestsFor(string subreddit) => [.. Requests.Where(r => r.Subreddit == subreddit)];

    public static async Task<FakeReddit> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeReddit(app);
        app.MapGet("/r/{subreddit}/new.json", (Delegate)fake.Listing);
        app.MapPost("/api/v1/access_token", (Delegate)fake.TokenAsync);
        app.MapPost("/ingest/reddit", (Delegate)fake.IngestAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Url = new Uri(address);
        return fake;
    }

    private IResult Listing(string subreddit, HttpContext context)
    {
        var query = context.Request.Query;
        var sub = Subreddit(subreddit);
        var authorization = context.Request.Headers.Authorization.ToString();
        var status = StatusFor(sub, authorization);
        Requests.Enqueue(new RecordedRequest(DateTimeOffset.UtcNow, subreddit, query["after"].FirstOrDefault(), query["before"].FirstOrDefault(),
            authorization.Length == 0 ? null : authorization, context.Request.Headers.UserAgent.ToString(), status));

        if (_rateHeaders.TryDequeue(out var rate))
        {
            context.Response.Headers["X-Ratelimit-Used"] = "1";
            context.Response.Headers["X-Ratelimit-Remaining"] = rate.Remaining.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["X-Ratelimit-Reset"] = rate.ResetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (status == StatusCodes.Status429TooManyRequests)
        {
            context.Response.Headers.RetryAfter = sub.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (status != StatusCodes.Status200OK)
        {
            return Results.StatusCode(status);
        }

        var limit = int.TryParse(query["limit"], out var l) ? Math.Clamp(l, 1, 100) : 25;
        var (posts, after, before) = sub.Page(limit, query["after"].FirstOrDefault(), query["before"].FirstOrDefault());
        var children = new JsonArray([.. posts.Select(p => (JsonNode)new JsonObject
        {
            ["kind"] = "t3",
            ["data"] = new JsonObject
            {
                ["id"] = p.Name[3..],
                ["name"] = p.Name,
                ["title"] = p.Title,
                ["selftext"] = p.Selftext ?? $"Body of {p.Name}",
                ["url"] = $"https://www.reddit.com/r/{sub.Name}/comments/{p.Name[3..]}/post/",
                ["permalink"] = $"/r/{sub.Name}/comments/{p.Name[3..]}/post/",
                ["author"] = "someone",
                ["subreddit"] = sub.Name,
                ["created_utc"] = (double)p.CreatedUtc,
                ["score"] = 3,
                ["num_comments"] = 1,
                ["over_18"] = false,
            },
        })]);
        var listing = new JsonObject
        {
            ["kind"] = "Listing",
            ["data"] = new JsonObject { ["after"] = after, ["before"] = before, ["dist"] = posts.Count, ["children"] = children },
        };
        return Results.Text(listing.ToJsonString(), "application/json");
    }

    private int StatusFor(FakeSubreddit sub, string authorization)
    {
        if (OAuthClient is not null && !IsValidToken(authorization))
        {
            return StatusCodes.Status401Unauthorized;
        }
        if (sub.FailWith is { } failure)
        {
            return failure;
        }
        lock (_lock)
        {
            if (sub.ThrottleNext > 0)
            {
                sub.ThrottleNext--;
                return StatusCodes.Status429TooManyRequests;
            }
            if (sub.ErrorsNext > 0)
            {
                sub.ErrorsNext--;
                return StatusCodes.Status500InternalServerError;
            }
        }
        return StatusCodes.Status200OK;
    }

    private bool IsValidToken(string authorization)
    {
        lock (_lock)
        {
            return _tokens.Any(t => authorization == "Bearer " + t.Token && t.Expires > DateTimeOffset.UtcNow);
        }
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var expected = OAuthClient is { } client
            ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client.ClientId}:{client.Secret}"))
            : null;
        if (expected is null || context.Request.Headers.Authorization.ToString() != expected)
        {
            return Results.Json(new { message = "Unauthorized", error = 401 }, statusCode: 401);
        }
        if (form["grant_type"] != "client_credentials")
        {
            return Results.Json(new { error = "unsupported_grant_type" });
        }
        lock (_lock)
        {
            var token = $"token-{_tokens.Count + 1}";
            _tokens.Add((token, DateTimeOffset.UtcNow.AddSeconds(TokenLifetimeSeconds)));
            return Results.Json(new Dictionary<string, object> { ["access_token"] = token, ["token_type"] = "bearer", ["expires_in"] = TokenLifetimeSeconds, ["scope"] = "*" });
        }
    }

    private async Task<IResult> IngestAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        if (buffer.Length > IngestMaxBodyBytes)
        {
            Interlocked.Increment(ref _ingestTooLarge);
            return Results.Problem(title: "The request body is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        buffer.Position = 0;
        var body = await JsonNode.ParseAsync(buffer);
        var posts = body?["posts"]?.AsArray();
        if (posts is null || posts.Count is 0 or > 100
            || posts.Any(p => p?["name"]?.GetValue<string>() is not { } name || p["title"]?.GetValue<string>() is null || RejectedPosts.ContainsKey(name)))
        {
            return Results.Problem(title: "One or more validation errors occurred.", statusCode: 400);
        }
        lock (_lock)
        {
            if (IngestFailNext > 0)
            {
                IngestFailNext--;
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            var names = posts.Select(p => p!["name"]!.GetValue<string>()).ToList();
            _batches.Add(names);
            var results = names.Select(n => new JsonObject { ["id"] = "fb-" + n, ["external_id"] = n, ["duplicate"] = !_ingested.Add(n) }).ToList();
            var duplicates = results.Count(r => r["duplicate"]!.GetValue<bool>());
            var answer = new JsonObject { ["results"] = new JsonArray([.. results]), ["created"] = results.Count - duplicates, ["duplicates"] = duplicates };
            return Results.Text(answer.ToJsonString(), "application/json");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace FeedbackFix.TestSupport;

/// <summary>
/// A loopback fake of the GitHub REST API that the real Octokit client can talk to: point
/// <c>GitHub:ApiUrl</c> at <see cref="ApiUrl"/> and <c>GitHub:Token</c> at <see cref="Token"/>.
/// Octokit sends any non-github.com base to <c>{base}/api/v3/</c>, so every route lives there:
/// <code>
/// GET  /api/v3/repos/{owner}/{repo}                       default_branch "main" (or as added)
/// POST /api/v3/repos/{owner}/{repo}/issues                 title, body, labels
/// GET  /api/v3/repos/{owner}/{repo}/issues/{n}
/// GET  /api/v3/repos/{owner}/{repo}/issues/{n}/comments
/// POST /api/v3/repos/{owner}/{repo}/issues/{n}/comments    body
/// POST /api/v3/repos/{owner}/{repo}/pulls                  title, body, head, base, draft; 422 if one is open for head
/// GET  /api/v3/repos/{owner}/{repo}/pulls?head={owner}:{branch}&amp;state=open|closed|all
/// GET  /api/v3/repos/{owner}/{repo}/pulls/{n}
/// </code>
/// Requests without <c>Authorization: token {Token}</c> (or <c>Bearer</c>) get GitHub's 401.
/// Use as an xunit fixture, or <c>await using var github = await FakeGitHub.StartAsync();</c>.
/// </summary>
public sealed class FakeGitHub(string? token = null) : IAsyncLifetime, IAsyncDisposable
{
    private const string ApiPrefix = "/api/v3";
    private const string RateLimitDocs = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";

    private readonly Lock _gate = new();
    private readonly List<FakeGitHubIssue> _issues = [];
    private readonly List<FakeGitHubPullRequest> _pulls = [];
    private readonly List<FakeGitHubComment> _comments = [];
    private readonly List<FakeGitHubRequest> _requests = [];
    private readonly List<FakeGitHubFault> _faults = [];
    private readonly Dictionary<string, (string Owner, string Name, string DefaultBranch)> _repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _lastNumber = new(StringComparer.OrdinalIgnoreCase);
    private long _lastId = 1000;
    private WebApplication? _app;
    private string? _apiUrl;

    public string Token { get; } = string.IsNullOrEmpty(token) ? "ghp_fake" + Guid.NewGuid().ToString("N") : token;

    /// <summary>The base to configure Octokit with, <c>http://127.0.0.1:{port}/</c> (Octokit adds <c>api/v3/</c>).</summary>
    public string ApiUrl => _apiUrl ?? throw new InvalidOperationException("FakeGitHub is not started: await InitializeAsync() or use FakeGitHub.StartAsync().");

    /// <summary>When true (the default) every owner/repo exists; when false only those given to <see cref="AddRepository"/>.</summary>
    public bool AnyRepositoryExists { get; set; } = true;

    public IReadOnlyList<FakeGitHubIssue> Issues => Snapshot(_issues);

    public IReadOnlyList<FakeGitHubPullRequest> PullRequests => Snapshot(_pulls);

    public IReadOnlyList<FakeGitHubComment> Comments => Snapshot(_comments);

    /// <summary>Every request received, in order, including refused ones.</summary>
    public IReadOnlyList<FakeGitHubRequest> Requests => Snapshot(_requests);

    public static async Task<FakeGitHub> StartAsync(string? token = null)
    {
        var github = new FakeGitHub(token);
        await github.InitializeAsync();
        return github;
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Use(Gatekeeper);
        MapRoutes(_app);
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _apiUrl = $"http://127.0.0.1:{new Uri(address).Port.ToString(CultureInfo.InvariantCulture)}/";
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Declares a repository (needed when <see cref="AnyRepositoryExists"/> is false, or for another default branch).</summary>
    public void AddRepository(string owner, string name, string defaultBranch = "main")
    {
        lock (_gate)
        {
            _repositories[$"{owner}/{name}"] = (owner, name, defaultBranch);
        }
    }

    /// <summary>Closes a pull request, so another may be opened for the same head.</summary>
    public void ClosePullRequest(string owner, string repo, int number)
    {
        lock (_gate)
        {
            var index = _pulls.FindIndex(pull => Same(pull.Owner, owner) && Same(pull.Repo, repo) && pull.Number == number);
            if (index < 0)
            {
                throw new InvalidOperationException($"No pull request {owner}/{repo}#{number}.");
            }

            _pulls[index] = _pulls[index] with { State = "closed" };
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> requests (under <paramref name="pathPrefix"/>, e.g.
    /// "/repos/acme/app/issues", or any) get GitHub's primary rate-limit 403 with
    /// X-RateLimit-Remaining 0 and a reset <paramref name="resetIn"/> from now, rounded up to the
    /// whole second as GitHub's header is. Returns that reset. GitHub answers an exhausted primary
    /// limit with 403 or 429; pass <paramref name="statusCode"/> 429 for the second form.
    /// </summary>
    public DateTimeOffset PrimaryRateLimit(TimeSpan resetIn, string? pathPrefix = null, int times = 1, int statusCode = StatusCodes.Status403Forbidden)
    {
        var resetEpoch = (long)Math.Ceiling((DateTimeOffset.UtcNow + resetIn).ToUnixTimeMilliseconds() / 1000.0);
        AddFault("primary-rate-limit", pathPrefix, times, async context =>
        {
            RateLimitHeaders(context.Response, remaining: 0, resetEpoch);
            await Write(context, FakeGitHubWire.Error(statusCode, "API rate limit exceeded for user ID 1.", RateLimitDocs));
        });
        return DateTimeOffset.FromUnixTimeSeconds(resetEpoch);
    }

    /// <summary>The next requests get GitHub's secondary rate-limit 403 with Retry-After (whole seconds, rounded up).</summary>
    public void SecondaryRateLimit(TimeSpan retryAfter, string? pathPrefix = null, int times = 1) =>
        AddFault("secondary-rate-limit", pathPrefix, times, async context =>
        {
            context.Response.Headers.RetryAfter = Seconds(retryAfter);
            await Write(context, FakeGitHubWire.Error(
                StatusCodes.Status403Forbidden,
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                RateLimitDocs + "#about-secondary-rate-limits"));
        });

    /// <summary>The next requests get 429, with Retry-After when <paramref name="retryAfter"/> is given.</summary>
    public void TooManyRequests(TimeSpan? retryAfter, string? pathPrefix = null, int times = 1) =>
        AddFault("too-many-requests", pathPrefix, times, async context =>
        {
            if (retryAfter is { } delay)
            {
                context.Response.Headers.RetryAfter = Seconds(delay);
            }

            await Write(context, FakeGitHubWire.Error(
                StatusCodes.Status429TooManyRequests,
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                RateLimitDocs + "#about-secondary-rate-limits"));
        });

    /// <summary>The next requests get 502 Server Error.</summary>
    public void ServerError(string? pathPrefix = null, int times = 1) =>
        AddFault("server-error", pathPrefix, times, context =>
            Write(context, FakeGitHubWire.Error(StatusCodes.Status502BadGateway, "Server Error")));

    /// <summary>The next requests get a plain 403, as for a token without the permission.</summary>
    public void Forbidden(string message = "Resource not accessible by personal access token", string? pathPrefix = null, int times = 1) =>
        AddFault("forbidden", pathPrefix, times, context =>
            Write(context, FakeGitHubWire.Error(StatusCodes.Status403Forbidden, message)));

    private void AddFault(string name, string? pathPrefix, int times, Func<HttpContext, Task> write)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_gate)
        {
            _faults.Add(new FakeGitHubFault(name, pathPrefix, times, write));
        }
    }

    // Records, authenticates and injects faults before any route runs; recording first means a
    // test sees the request as soon as its client sees the answer.
    private async Task Gatekeeper(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "/";
        var authorized = HasToken(context.Request);
        FakeGitHubFault? fault = null;
        lock (_gate)
        {
            if (authorized)
            {
                fault = TakeFault(path);
            }

            _requests.Add(new FakeGitHubRequest(
                context.Request.Method, path, context.Request.QueryString.Value ?? "", authorized, DateTimeOffset.UtcNow, fault?.Name));
        }

        if (!authorized)
        {
            await Write(context, FakeGitHubWire.Error(StatusCodes.Status401Unauthorized, "Bad credentials"));
            return;
        }

        if (fault is not null)
        {
            await fault.Write(context);
            return;
        }

        RateLimitHeaders(context.Response, remaining: 4999, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        await next(context);
    }

    private FakeGitHubFault? TakeFault(string path)
    {
        var relative = path.StartsWith(ApiPrefix, StringComparison.OrdinalIgnoreCase) ? path[ApiPrefix.Length..] : path;
        var fault = _faults.FirstOrDefault(candidate => candidate.PathPrefix is null
            || relative.StartsWith(candidate.PathPrefix, StringComparison.OrdinalIgnoreCase)
            || path.StartsWith(candidate.PathPrefix, StringComparison.OrdinalIgnoreCase));
        if (fault is not null && --fault.Remaining == 0)
        {
            _faults.Remove(fault);
        }

        return fault;
    }

    private bool HasToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return false;
        }

        var scheme = header[..space];
        return (scheme.Equals("token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase))
            && string.Equals(header[(space + 1)..].Trim(), Token, StringComparison.Ordinal);
    }

    private void MapRoutes(WebApplication app)
    {
        var api = app.MapGroup(ApiPrefix + "/repos/{owner}/{repo}");
        api.MapGet("", GetRepository);
        api.MapPost("/issues", CreateIssue);
        api.MapGet("/issues/{number:int}", GetIssue);
        api.MapGet("/issues/{number:int}/comments", ListComments);
        api.MapPost("/issues/{number:int}/comments", CreateComment);
        api.MapPost("/pulls", CreatePullRequest);
        api.MapGet("/pulls", ListPullRequests);
        api.MapGet("/pulls/{number:int}", GetPullRequest);
        app.MapFallback(() => FakeGitHubWire.Error(StatusCodes.Status404NotFound, "Not Found"));
    }

    private IResult GetRepository(string owner, string repo) =>
        FindRepository(owner, repo) is { } found
            ? FakeGitHubWire.Send(FakeGitHubWire.Repository(ApiUrl, found.Owner, found.Name, found.DefaultBranch))
            : NotFound();

    private async Task<IResult> CreateIssue(string owner, string repo, HttpRequest request)
    {
        if (FindRepository(owner, repo) is not { } found)
        {
            return NotFound();
        }

        var body = await ReadJson(request);
        if (body is null)
        {
            return ProblemsParsingJson();
        }

        if (String(body.Value, "title") is not { Length: > 0 } title)
        {
            return MissingField("Issue", "title");
        }

        var labels = body.Value.TryGetProperty("labels", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
                .Select(label => label.ValueKind == JsonValueKind.String ? label.GetString() : String(label, "name"))
                .OfType<string>()
                .ToList()
            : [];

        FakeGitHubIssue issue;
        lock (_gate)
        {
            var number = NextNumber(found.Owner, found.Name);
            issue = new FakeGitHubIssue(found.Owner, found.Name, number, ++_lastId, title, String(body.Value, "body"), labels,
                $"{FakeGitHubWire.Web}/{found.Owner}/{found.Name}/issues/{number}", DateTimeOffset.UtcNow);
            _issues.Add(issue);
        }

        return FakeGitHubWire.Send(FakeGitHubWire.Issue(ApiUrl, issue, null, 0), StatusCodes.Status201Created);
    }

    // Like GitHub, a pull request is also an issue: the issues endpoint answers for its number.
    private IResult GetIssue(string owner, string repo, int number)
    {
        lock (_gate)
        {
            if (FindIssue(owner, repo, number) is { } issue)
            {
                return FakeGitHubWire.Send(FakeGitHubWire.Issue(ApiUrl, issue, null, CountComments(issue.Owner, issue.Repo, number)));
            }

            if (FindPull(owner, repo, number) is { } pull)
            {
                var asIssue = new FakeGitHubIssue(pull.Owner, pull.Repo, pull.Number, pull.Id, pull.Title, pull.Body, [], pull.HtmlUrl, pull.CreatedAt, pull.State);
                return FakeGitHubWire.Send(FakeGitHubWire.Issue(ApiUrl, asIssue, pull, CountComments(pull.Owner, pull.Repo, number)));
            }
        }

        return NotFound();
    }

    private IResult ListComments(string owner, string repo, int number)
    {
        lock (_gate)
        {
            if (FindIssue(owner, repo, number) is null && FindPull(owner, repo, number) is null)
            {
                return NotFound();
            }

            return FakeGitHubWire.Send(_comments
                .Where(comment => Same(comment.Owner, owner) && Same(comment.Repo, repo) && comment.IssueNumber == number)
                .Select(comment => FakeGitHubWire.Comment(ApiUrl, comment))
                .ToArray());
        }
    }

    private async Task<IResult> CreateComment(string owner, string repo, int number, HttpRequest request)
    {
        var body = await ReadJson(request);
        if (body is null)
        {
            return ProblemsParsingJson();
        }

        if (String(body.Value, "body") is not { Length: > 0 } text)
        {
            return MissingField("IssueComment", "body");
        }

        FakeGitHubComment comment;
        lock (_gate)
        {
            string targetOwner, targetRepo;
            if (FindIssue(owner, repo, number) is { } issue)
            {
                (targetOwner, targetRepo) = (issue.Owner, issue.Repo);
            }
            else if (FindPull(owner, repo, number) is { } pull)
            {
                (targetOwner, targetRepo) = (pull.Owner, pull.Repo);
            }
            else
            {
                return NotFound();
            }

            var id = ++_lastId;
            comment = new FakeGitHubComment(targetOwner, targetRepo, number, id, text,
                $"{FakeGitHubWire.Web}/{targetOwner}/{targetRepo}/issues/{number}#issuecomment-{id}", DateTimeOffset.UtcNow);
            _comments.Add(comment);
        }

        return FakeGitHubWire.Send(FakeGitHubWire.Comment(ApiUrl, comment), StatusCodes.Status201Created);
    }

    private async Task<IResult> CreatePullRequest(string owner, string repo, HttpRequest request)
    {
        if (FindRepository(owner, repo) is not { } found)
        {
            return NotFound();
        }

        var body = await ReadJson(request);
        if (body is null)
        {
            return ProblemsParsingJson();
        }

        foreach (var field in new[] { "title", "head", "base" })
        {
            if (String(body.Value, field) is not { Length: > 0 })
            {
                return MissingField("PullRequest", field);
            }
        }

        var head = String(body.Value, "head")!;
        var label = head.Contains(':', StringComparison.Ordinal) ? head : $"{found.Owner}:{head}";
        var baseRef = String(body.Value, "base")!;
        var draft = body.Value.TryGetProperty("draft", out var draftValue) && draftValue.ValueKind == JsonValueKind.True;

        FakeGitHubPullRequest pull;
        lock (_gate)
        {
            if (_pulls.Any(open => Same(open.Owner, found.Owner) && Same(open.Repo, found.Name) && open.State == "open" && Same(open.Head, label)))
            {
                return FakeGitHubWire.Error(
                    StatusCodes.Status422UnprocessableEntity,
                    "Validation Failed",
                    "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
                    [new { Resource = "PullRequest", Code = "custom", Message = $"A pull request already exists for {label}." }]);
            }

            var number = NextNumber(found.Owner, found.Name);
            pull = new FakeGitHubPullRequest(found.Owner, found.Name, number, ++_lastId, String(body.Value, "title")!, String(body.Value, "body"),
                label, label[(label.IndexOf(':', StringComparison.Ordinal) + 1)..], baseRef, draft,
                $"{FakeGitHubWire.Web}/{found.Owner}/{found.Name}/pull/{number}", DateTimeOffset.UtcNow);
            _pulls.Add(pull);
        }

        return FakeGitHubWire.Send(FakeGitHubWire.PullRequest(ApiUrl, pull, found.DefaultBranch), StatusCodes.Status201Created);
    }

    private IResult ListPullRequests(string owner, string repo, string? head, string? state, string? @base)
    {
        if (FindRepository(owner, repo) is not { } found)
        {
            return NotFound();
        }

        state ??= "open";
        lock (_gate)
        {
            return FakeGitHubWire.Send(_pulls
                .Where(pull => Same(pull.Owner, found.Owner) && Same(pull.Repo, found.Name))
                .Where(pull => state == "all" || pull.State == state)
                .Where(pull => head is null || Same(pull.Head, head))
                .Where(pull => @base is null || pull.Base == @base)
                .OrderByDescending(pull => pull.Number)
                .Select(pull => FakeGitHubWire.PullRequest(ApiUrl, pull, found.DefaultBranch))
                .ToArray());
        }
    }

    private IResult GetPullRequest(string owner, string repo, int number)
    {
        if (FindRepository(owner, repo) is not { } found)
        {
            return NotFound();
        }

        lock (_gate)
        {
            return FindPull(owner, repo, number) is { } pull
                ? FakeGitHubWire.Send(FakeGitHubWire.PullRequest(ApiUrl, pull, found.DefaultBranch))
                : NotFound();
        }
    }

    private (string Owner, string Name, string DefaultBranch)? FindRepository(string owner, string repo)
    {
        lock (_gate)
        {
            if (_repositories.TryGetValue($"{owner}/{repo}", out var known))
            {
                return known;
            }

            return AnyRepositoryExists ? (owner, repo, "main") : null;
        }
    }

    // Issues and pull requests share one number sequence per repository, as on GitHub.
    private int NextNumber(string owner, string repo)
    {
        var key = $"{owner}/{repo}";
        var number = _lastNumber.GetValueOrDefault(key) + 1;
        _lastNumber[key] = number;
        return number;
    }

    private FakeGitHubIssue? FindIssue(string owner, string repo, int number) =>
        _issues.Find(issue => Same(issue.Owner, owner) && Same(issue.Repo, repo) && issue.Number == number);

    private FakeGitHubPullRequest? FindPull(string owner, string repo, int number) =>
        _pulls.Find(pull => Same(pull.Owner, owner) && Same(pull.Repo, repo) && pull.Number == number);

    private int CountComments(string owner, string repo, int number) =>
        _comments.Count(comment => Same(comment.Owner, owner) && Same(comment.Repo, repo) && comment.IssueNumber == number);

    private IReadOnlyList<T> Snapshot<T>(List<T> items)
    {
        lock (_gate)
        {
            return items.ToArray();
        }
    }

    private static bool Same(string left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    private static async Task<JsonElement?> ReadJson(HttpRequest request)
    {
        // Octokit's content type varies by call; GitHub reads the body as JSON regardless.
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IResult NotFound() =>
        FakeGitHubWire.Error(StatusCodes.Status404NotFound, "Not Found", "https://docs.github.com/rest");

    private static IResult ProblemsParsingJson() =>
        FakeGitHubWire.Error(StatusCodes.Status400BadRequest, "Problems parsing JSON");

    private static IResult MissingField(string resource, string field) =>
        FakeGitHubWire.Error(StatusCodes.Status422UnprocessableEntity, "Validation Failed", "https://docs.github.com/rest",
            [new { Resource = resource, Code = "missing_field", Field = field }]);

    private static void RateLimitHeaders(HttpResponse response, int remaining, long resetEpoch)
    {
        response.Headers["X-RateLimit-Limit"] = "5000";
        response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Used"] = (5000 - remaining).ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset"] = resetEpoch.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Resource"] = "core";
    }

    private static string Seconds(TimeSpan delay) =>
        ((long)Math.Ceiling(Math.Max(0, delay.TotalSeconds))).ToString(CultureInfo.InvariantCulture);

    private static Task Write(HttpContext context, IResult result) => result.ExecuteAsync(context);
}

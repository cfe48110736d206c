using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace FeedbackFix.TestSupport;

/// <summary>
/// A loopback fake of the GitHub REST API that the real Octokit client can talk to: point
/// <c>GitHub:ApiUrl</c> at <see cref="ApiUrl"/> and <c>GitHub:Token</c> at <see cref="Token"/>.
/// Octokit sends any non-github.com base to <c>{base}/api/v3/</c>, so every route lives there:
/// <code>
/// GET  /api/v3/repos/{owner}/{repo}                       default_branch "main" (or as added)
/// POST /api/v3/repos/{owner}/{repo}/issues                 title, body, labels; 422 if the title is over 256 characters or the body over 65,536
/// GET  /api/v3/repos/{owner}/{repo}/issues/{n}
/// GET  /api/v3/repos/{owner}/{repo}/issues/{n}/comments
/// POST /api/v3/repos/{owner}/{repo}/issues/{n}/comments    body
/// POST /api/v3/repos/{owner}/{repo}/pulls                  title, body, head, base, draft; 422 if one is open for head, or as for issues
/// GET  /api/v3/repos/{owner}/{repo}/pulls?head={owner}:{branch}&amp;state=open|closed|all
/// GET  /api/v3/repos/{owner}/{repo}/pulls/{n}
/// </code>
/// Requests without <c>Authorization: token {Token}</c> (or <c>Bearer</c>) get GitHub's 401.
/// Use as an xunit fixture, or <c>await using var github = await FakeGitHub.StartAsync();</c>.
/// </summary>
public sealed partial class FakeGitHub(string? token = null) : IAsyncLifetime, IAsyncDisposable
{
    private const string ApiPrefix = "/api/v3";
    private const string RateLimitDocs = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";
    private const int MaxTitleCharacters = 256;
    private const int MaxBodyCharacters = 65_536;

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
        (_app, var address) = await LoopbackServer.StartAsync(app =>
        {
            app.Use(Gatekeeper);
            MapRoutes(app);
        });
        _apiUrl = address.AbsoluteUri;
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

    /// <summary>An issue that is there before the test acts, as if opened earlier (by an attempt that then crashed, say).</summary>
    public FakeGitHubIssue AddIssue(string owner, string repo, string title, string body, params string[] labels)
    {
        lock (_gate)
        {
            var number = NextNumber(owner, repo);
            var issue = new FakeGitHubIssue(owner, repo, number, ++_lastId, title, body, labels,
                $"{FakeGitHubWire.Web}/{owner}/{repo}/issues/{number}", DateTimeOffset.UtcNow);
            _issues.Add(issue);
            return issue;
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
    public void SecondaryRateLimit(TimeSpan? retryAfter, string? pathPrefix = null, int times = 1) =>
        AddFault("secondary-rate-limit", pathPrefix, times, async context =>
        {
            if (retryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = Seconds(wait);
            }
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

    /// <summary>
    /// The next requests are answered normally but only after <paramref name="delay"/>, for client
    /// timeouts. The work is still done, as on GitHub when a client gives up on a slow call.
    /// </summary>
    public void SlowResponse(TimeSpan delay, string? pathPrefix = null, int times = 1) =>
        AddFault("slow-response", pathPrefix, times, async (context, serve) =>
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await serve(context);
        });

    private void AddFault(string name, string? pathPrefix, int times, Func<HttpContext, Task> write) =>
        AddFault(name, pathPrefix, times, (context, _) => write(context));

    private void AddFault(string name, string? pathPrefix, int times, Func<HttpContext, RequestDelegate, Task> handle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_gate)
        {
            _faults.Add(new FakeGitHubFault(name, pathPrefix, times, handle));
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
            await fault.Handle(context, Serve);
            return;
        }

        await Serve(context);

        Task Serve(HttpContext served)
        {
            RateLimitHeaders(served.Response, remaining: 4999, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
            return next(served);
        }
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

    private static bool Same(string left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

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

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Poller.Polling;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Poller.Reddit;

/// <summary>
/// Reads <c>/r/{sub}/new.json</c> pages. This client owns its retries (the standard resilience
/// handler is removed from its HttpClient, see PollerServiceExtensions): every attempt first waits
/// its turn in <see cref="RedditRequestBudget"/>, so a retry is counted against RequestsPerMinute,
/// and a 429's Retry-After is waited once, here, not again by a second retry layer underneath.
/// </summary>
internal sealed partial class RedditClient(
    IHttpClientFactory httpClients,
    RedditRequestBudget budget,
    RedditTokenSource tokens,
    PollerTelemetry telemetry,
    IOptions<RedditOptions> options,
    TimeProvider time,
    ILogger<RedditClient> logger)
{
    public const string HttpClientName = "reddit";
    public const int PageSize = 100;

    /// <summary>One page of the subreddit's newest posts, optionally after (older) or before (newer) a fullname.</summary>
    public async Task<RedditPage> GetNewAsync(string subreddit, string? after, string? before, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var path = $"r/{subreddit}/new.json?limit={PageSize}&raw_json=1"
            + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}")
            + (before is null ? "" : $"&before={Uri.EscapeDataString(before)}");
        var uri = new Uri(settings.EffectiveBaseUrl, path);
        var http = httpClients.CreateClient(HttpClientName);
        var refreshedToken = false;

        for (var attempt = 1; ; attempt++)
        {
            await budget.WaitTurnAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            string? token = null;
            if (tokens.Enabled)
            {
                token = await tokens.GetAsync(cancellationToken);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage response;
            try
            {
                // The whole body is read here, within the client's Timeout: a connection that stalls
                // after the headers fails this attempt rather than holding the poller forever.
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested && attempt < settings.MaxAttempts)
            {
                telemetry.Requests.Add(1, new KeyValuePair<string, object?>("status", "error"));
                await BackOffAsync(subreddit, attempt, ex.Message, cancellationToken);
                continue;
            }

            using (response)
            {
                telemetry.Requests.Add(1, new KeyValuePair<string, object?>("status", (int)response.StatusCode));
                budget.Observe(response.Headers);
                var status = response.StatusCode;
                if (status == HttpStatusCode.OK)
                {
                    var listing = await response.Content.ReadFromJsonAsync<RedditListing>(ApiJson.Options, cancellationToken);
                    return ToPage(listing);
                }
                if (status == HttpStatusCode.Unauthorized && token is not null && !refreshedToken)
                {
                    // The token was revoked or expired early: fetch another once.
                    tokens.Invalidate(token);
                    refreshedToken = true;
                    continue;
                }
                if ((int)status is >= 300 and < 400 || status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
                {
                    // A missing subreddit redirects to search; private and banned ones answer 403 or 404.
                    throw new SubredditUnavailableException(subreddit, status);
                }
                if (status == HttpStatusCode.TooManyRequests)
                {
                    // Every request waits the pause, this subreddit's next attempt and the next
                    // subreddit's first alike, also when this was the last attempt.
                    var wait = RetryAfter(response) ?? Backoff(attempt);
                    budget.PauseFor(wait);
                    if (attempt < settings.MaxAttempts)
                    {
                        LogRateLimited(subreddit, wait, attempt + 1);
                        continue;
                    }
                }
                var retryable = status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;
                if (!retryable || attempt >= settings.MaxAttempts)
                {
                    throw new HttpRequestException($"Reddit answered {(int)status} for r/{subreddit} after {attempt} attempt(s).", null, status);
                }
                await BackOffAsync(subreddit, attempt, $"{(int)status} {status}", cancellationToken);
            }
        }
    }

    private async Task BackOffAsync(string subreddit, int attempt, string reason, CancellationToken cancellationToken)
    {
        var wait = Backoff(attempt);
        LogRetrying(subreddit, reason, wait);
        await Task.Delay(wait, time, cancellationToken);
    }

    /// <summary>Exponential with up to 25% jitter: base, 2x base, 4x base...</summary>
    private TimeSpan Backoff(int attempt) =>
        options.Value.RetryBaseDelay * Math.Pow(2, attempt - 1) * (1 + Random.Shared.NextDouble() / 4);

    /// <summary>Retry-After (seconds or a date), else X-Ratelimit-Reset (seconds), else null.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            var wait = retryAfter.Delta ?? (retryAfter.Date - time.GetUtcNow());
            if (wait is { } w && w > TimeSpan.Zero)
            {
                return w;
            }
        }
        return response.Headers.TryGetValues("X-Ratelimit-Reset", out var reset)
            && double.TryParse(reset.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reddit answered 429 for r/{Subreddit}; waiting {Wait} before attempt {Attempt}")]
    private partial void LogRateLimited(string subreddit, TimeSpan wait, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading r/{Subreddit} failed ({Reason}); retrying in {Wait}")]
    private partial void LogRetrying(string subreddit, string reason, TimeSpan wait);

    private static RedditPage ToPage(RedditListing? listing)
    {
        var data = listing?.Data;
        var posts = (data?.Children ?? [])
            .Where(child => child is { Kind: "t3", Data.Name: not null })
            .Select(child => child!.Data!)
            .ToList();
        return new RedditPage(posts, data?.After, data?.Before);
    }
}

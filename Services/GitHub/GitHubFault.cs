using System.Globalization;
using System.Net;
using Octokit;

namespace FeedbackFix.GitHub;

/// <summary>
/// How GitHubCalls treats one failed attempt: retry after <see cref="Delay"/> (null: the
/// exponential back-off), or not at all; and what it becomes if it is the last word.
/// </summary>
internal sealed record GitHubFault(bool Retry, TimeSpan? Delay, string Reason, GitHubFailureKind Kind, DateTimeOffset? RetryAt = null)
{
    private static readonly TimeSpan ResetMargin = TimeSpan.FromSeconds(1);

    /// <summary>Null when the exception is not a GitHub or transport failure (a bug in the caller, or cancellation).</summary>
    public static GitHubFault? Classify(Exception exception, DateTimeOffset now, GitHubOptions options, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case RateLimitExceededException primary:
                return PrimaryRateLimit(primary.Reset, primary.Limit, primary.HttpResponse, now, options);

            case ApiException api when IsPrimaryRateLimit(api):
                return PrimaryRateLimit(ReadReset(api.HttpResponse) ?? now, null, api.HttpResponse, now, options);

            case SecondaryRateLimitExceededException or AbuseException:
                return RetryAfter((ApiException)exception, "secondary rate limit", now, options, SecondaryLimitWait);

            case ApiException { StatusCode: (HttpStatusCode)429 } api:
                return RetryAfter(api, "429 Too Many Requests", now, options);

            case ApiException { StatusCode: >= HttpStatusCode.InternalServerError } api:
                return new GitHubFault(true, null, $"{(int)api.StatusCode} {Describe(api)}", GitHubFailureKind.Unavailable);

            case HttpRequestException http:
                return new GitHubFault(true, null, $"connection failed: {http.Message}", GitHubFailureKind.Unavailable);

            // HttpClient reports its own timeout as a cancellation the caller did not ask for.
            case TimeoutException or OperationCanceledException when !cancellationToken.IsCancellationRequested:
                return new GitHubFault(true, null, "the request timed out", GitHubFailureKind.Unavailable);

            case AuthorizationException api:
                return Final(GitHubFailureKind.BadCredentials, Describe(api, "Bad credentials"));

            case ForbiddenException or LegalRestrictionException:
                return Final(GitHubFailureKind.Forbidden, Describe((ApiException)exception, "Forbidden"));

            case NotFoundException api:
                return Final(GitHubFailureKind.NotFound, Describe(api, "Not Found"));

            case ApiValidationException api:
                return Final(GitHubFailureKind.Invalid, DescribeWithErrors(api));

            case ApiException { StatusCode: >= HttpStatusCode.BadRequest } api:
                return Final(GitHubFailureKind.Invalid, $"{(int)api.StatusCode} {DescribeWithErrors(api)}");

            default:
                return null;
        }
    }

    private static GitHubFault Final(GitHubFailureKind kind, string reason) => new(false, null, reason, kind);

    // GitHub signals an exhausted primary limit with 403 or 429 and X-RateLimit-Remaining: 0;
    // Octokit only recognises the 403 form (by its message), so the headers decide for the rest.
    private static bool IsPrimaryRateLimit(ApiException api) =>
        api.StatusCode is HttpStatusCode.Forbidden or (HttpStatusCode)429
        && Header(api.HttpResponse, "X-RateLimit-Remaining") == "0";

    private static GitHubFault PrimaryRateLimit(DateTimeOffset reset, int? limit, IResponse? response, DateTimeOffset now, GitHubOptions options)
    {
        // The reset is on GitHub's clock; correct for a local clock that is clearly off. The Date
        // header has one-second resolution, so smaller differences are noise the margin covers.
        var skew = response?.ApiInfo?.ServerTimeDifference ?? TimeSpan.Zero;
        var localReset = skew.Duration() > TimeSpan.FromSeconds(1) ? reset - skew : reset;
        var wait = localReset - now + ResetMargin;
        if (wait < ResetMargin)
        {
            wait = ResetMargin;
        }

        var limitText = limit is > 0 ? $" of {limit.Value.ToString(CultureInfo.InvariantCulture)} requests" : "";
        var reason = $"primary rate limit{limitText} used up";
        return new GitHubFault(wait <= options.MaxRateLimitWait, wait, reason, GitHubFailureKind.RateLimited, reset);
    }

    /// <summary>GitHub asks for at least a minute after a secondary rate limit that names no Retry-After.</summary>
    internal static readonly TimeSpan SecondaryLimitWait = TimeSpan.FromMinutes(1);

    private static GitHubFault RetryAfter(ApiException api, string what, DateTimeOffset now, GitHubOptions options, TimeSpan? waitWithoutHeader = null)
    {
        var retryAfter = ReadRetryAfter(api.HttpResponse, now) ?? waitWithoutHeader;
        if (retryAfter is null)
        {
            return new GitHubFault(true, null, what, GitHubFailureKind.RateLimited);
        }

        var reason = $"{what}, Retry-After {retryAfter.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
        return new GitHubFault(retryAfter.Value <= options.MaxRateLimitWait, retryAfter, reason, GitHubFailureKind.RateLimited);
    }

    private static TimeSpan? ReadRetryAfter(IResponse? response, DateTimeOffset now)
    {
        var value = Header(response, "Retry-After");
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        // The HTTP-date form is allowed too, though GitHub sends seconds.
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? TimeSpan.FromSeconds(Math.Max(0, Math.Ceiling((at - now).TotalSeconds)))
            : null;
    }

    private static DateTimeOffset? ReadReset(IResponse? response) =>
        long.TryParse(Header(response, "X-RateLimit-Reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : null;

    private static string? Header(IResponse? response, string name)
    {
        if (response?.Headers is null)
        {
            return null;
        }

        foreach (var header in response.Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value?.Trim();
            }
        }

        return null;
    }

    // GitHub's own message when it sent one; Octokit falls back to the raw body otherwise.
    private static string Describe(ApiException api, string fallback = "")
    {
        var message = api.ApiError?.Message;
        return string.IsNullOrWhiteSpace(message)
            ? (string.IsNullOrEmpty(fallback) ? api.StatusCode.ToString() : fallback)
            : message.Trim();
    }

    private static string DescribeWithErrors(ApiException api)
    {
        var message = Describe(api, "Validation Failed");
        var errors = api.ApiError?.Errors?
            .Select(error => !string.IsNullOrWhiteSpace(error.Message)
                ? error.Message.Trim()
                : string.Join(' ', new[] { error.Resource, error.Field, error.Code }.Where(part => !string.IsNullOrWhiteSpace(part))))
            .Where(text => text.Length > 0)
            .ToList();
        return errors is { Count: > 0 } ? $"{message}: {string.Join("; ", errors)}" : message;
    }
}

using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Poller;

/// <summary>How the poller reaches Reddit and how hard it may press, section "Reddit".</summary>
public sealed class RedditOptions : IValidatableObject
{
    public const string Section = "Reddit";
    public const string PublicBaseUrl = "https://www.reddit.com";
    public const string OAuthBaseUrl = "https://oauth.reddit.com";

    /// <summary>Reddit's required form: <c>&lt;platform&gt;:&lt;app id&gt;:&lt;version&gt; (by /u/&lt;name&gt;)</c>.</summary>
    public const string UserAgentPattern = @"^[A-Za-z0-9._-]+:[A-Za-z0-9._-]+:[A-Za-z0-9._-]+ \(by /u/[A-Za-z0-9_-]{3,20}\)$";

    /// <summary>Where listings are read; defaults to oauth.reddit.com with OAuth, www.reddit.com without.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The app-only OAuth token endpoint.</summary>
    public string TokenUrl { get; set; } = "https://www.reddit.com/api/v1/access_token";

    [Required(ErrorMessage = "Reddit:UserAgent is not set: Reddit requires '<platform>:<app id>:<version> (by /u/<name>)', e.g. 'dotnet:feedbackfix-poller:1.0 (by /u/yourname)'.")]
    [RegularExpression(UserAgentPattern, ErrorMessage = "Reddit:UserAgent must have Reddit's form '<platform>:<app id>:<version> (by /u/<name>)', e.g. 'dotnet:feedbackfix-poller:1.0 (by /u/yourname)'.")]
    public string UserAgent { get; set; } = "";

    /// <summary>With <see cref="ClientSecret"/>: app-only OAuth (client credentials); without both: the public JSON.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Requests allowed in any minute; defaults to 60 with OAuth, 10 without (Reddit's unauthenticated allowance).</summary>
    [Range(1, 1_000, ErrorMessage = "Reddit:RequestsPerMinute must be between 1 and 1000.")]
    public int? RequestsPerMinute { get; set; }

    /// <summary>Pause between the end of one cycle over all subreddits and the start of the next.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00", ErrorMessage = "Reddit:PollInterval must be between 50 ms and 1 day.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Listing pages read per subreddit per cycle (Reddit's listings end after about 10 pages of 100).</summary>
    [Range(1, 10, ErrorMessage = "Reddit:MaxPagesPerCycle must be between 1 and 10.")]
    public int MaxPagesPerCycle { get; set; } = 10;

    /// <summary>Recently seen fullnames kept per subreddit, to step around a deleted cursor post.</summary>
    [Range(100, 100_000, ErrorMessage = "Reddit:SeenCapacity must be between 100 and 100000.")]
    public int SeenCapacity { get; set; } = 1_000;

    /// <summary>Attempts per listing request (429, 5xx and network errors are retried).</summary>
    [Range(1, 10, ErrorMessage = "Reddit:MaxAttempts must be between 1 and 10.")]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The longest a Retry-After or X-Ratelimit-Reset is obeyed in one wait.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Reddit:MaxRetryWait must be between 1 second and 1 hour.")]
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The window <see cref="RequestsPerMinute"/> counts over; a minute, shorter only in tests (not bound).</summary>
    internal TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>First back-off after a 5xx or network error, doubled each attempt (not bound; tests shorten it).</summary>
    internal TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public bool UsesOAuth => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);

    public int EffectiveRequestsPerMinute => RequestsPerMinute ?? (UsesOAuth ? 60 : 10);

    /// <summary>The listing base with a trailing slash, so relative paths append to it.</summary>
    public Uri EffectiveBaseUrl =>
        new((string.IsNullOrWhiteSpace(BaseUrl) ? (UsesOAuth ? OAuthBaseUrl : PublicBaseUrl) : BaseUrl).TrimEnd('/') + "/");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ClientId) != string.IsNullOrWhiteSpace(ClientSecret))
        {
            yield return new ValidationResult(
                "Reddit:ClientId and Reddit:ClientSecret must be set together (app-only OAuth), or both left empty (public JSON).",
                [nameof(ClientId), nameof(ClientSecret)]);
        }
        // An empty value (an AppHost parameter left blank) means the default, like a missing one.
        if (!string.IsNullOrWhiteSpace(BaseUrl) && !IsHttpUrl(BaseUrl))
        {
            yield return new ValidationResult("Reddit:BaseUrl must be an absolute http(s) URL.", [nameof(BaseUrl)]);
        }
        if (!IsHttpUrl(TokenUrl))
        {
            yield return new ValidationResult("Reddit:TokenUrl must be an absolute http(s) URL.", [nameof(TokenUrl)]);
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

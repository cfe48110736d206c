using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.GitHub;

/// <summary>GitHub access shared by AgentOrchestrator (issues) and CodingAgent (pull requests).</summary>
public sealed class GitHubOptions
{
    public const string Section = "GitHub";

    // Not [Required]: a missing token has to fail the fix that needs it, with a message naming
    // the setting, not stop the whole service from starting (see GitHubClientFactory).
    public string? Token { get; set; }

    /// <summary>
    /// The API base. Octokit 14 (GitHubClient.FixUpBaseUri) keeps https://api.github.com/ (and maps
    /// github.com to it); any other host is treated as GitHub Enterprise Server and its path is
    /// replaced by <c>/api/v3/</c>, so <c>http://127.0.0.1:PORT/</c> calls <c>http://127.0.0.1:PORT/api/v3/...</c>.
    /// </summary>
    [Required, Url]
    public string ApiUrl { get; set; } = "https://api.github.com/";

    /// <summary>Longest wait for a primary rate-limit reset (or a Retry-After) before giving up as transient.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(5);

    [Range(0, 20)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>First back-off delay; it doubles (with jitter) on each retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
}

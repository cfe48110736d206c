using Octokit;
using Octokit.Internal;

namespace FeedbackFix.GitHub;

public static class GitHubClientFactory
{
    public const string MissingTokenMessage =
        "GitHub token is not configured: set GitHub:Token (the AppHost parameter 'github-token').";

    /// <summary>
    /// An Octokit client for <see cref="GitHubOptions.ApiUrl"/> authenticated with the token
    /// (sent as <c>Authorization: token ...</c>). Throws <see cref="GitHubFailure"/>
    /// (<see cref="GitHubFailureKind.MissingToken"/>) when no token is configured.
    /// </summary>
    public static IGitHubClient Create(GitHubOptions options, string productName = "FeedbackFix")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(productName);

        if (string.IsNullOrWhiteSpace(options.Token))
        {
            throw new GitHubFailure(GitHubFailureKind.MissingToken, MissingTokenMessage);
        }

        // Octokit rewrites any base other than (api.)github.com to {base}/api/v3/ (GitHub Enterprise
        // Server layout); FakeGitHub serves under /api/v3/ for that reason.
        var credentials = new InMemoryCredentialStore(new Credentials(options.Token.Trim()));
        return new GitHubClient(new ProductHeaderValue(productName), credentials, new Uri(options.ApiUrl, UriKind.Absolute));
    }
}

using System.Text.RegularExpressions;

namespace FeedbackFix.Domain.Model;

/// <summary>
/// A repository address as <c>https://github.com/{owner}/{repo}</c> and nothing more: owner by
/// GitHub's account rules (1-39 letters, digits or single inner hyphens), repo 1-100 of
/// letters, digits, '.', '_' or '-' (but not "." or "..").
/// </summary>
public static partial class GithubRepoUrl
{
    public const string Expected = "https://github.com/{owner}/{repo}";

    public static bool IsValid(string? url)
    {
        if (url is null)
        {
            return false;
        }
        var match = RepoUrlRegex().Match(url);
        return match.Success && match.Groups["repo"].Value is not ("." or "..");
    }

    [GeneratedRegex(@"^https://github\.com/(?<owner>[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})/(?<repo>[A-Za-z0-9._-]{1,100})\z", RegexOptions.CultureInvariant)]
    private static partial Regex RepoUrlRegex();
}

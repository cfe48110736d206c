using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace FeedbackFix.GitHub;

/// <summary>A repository on github.com, as named in a cluster's <c>github_repo_url</c>.</summary>
public sealed partial record GitHubRepository(string Owner, string Name)
{
    public string WebUrl => $"https://github.com/{Owner}/{Name}";

    public override string ToString() => $"{Owner}/{Name}";

    /// <summary>Accepts <c>https://github.com/{owner}/{repo}</c>, optionally ending in <c>/</c> or <c>.git</c>.</summary>
    public static bool TryParse(string? url, [NotNullWhen(true)] out GitHubRepository? repository)
    {
        repository = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        var match = RepositoryUrl().Match(url.Trim());
        if (!match.Success || !IsRepositoryName(match.Groups["name"].Value))
        {
            return false;
        }

        repository = new GitHubRepository(match.Groups["owner"].Value, match.Groups["name"].Value);
        return true;
    }

    // "." and ".." match the name characters but are path segments, never repositories.
    internal static bool IsRepositoryName(string name) => name is not ("." or "..");

    // GitHub logins: letters, digits and single inner hyphens, at most 39 characters.
    // Repository names: letters, digits, '.', '-', '_' (up to 100).
    internal const string OwnerPattern = "(?<owner>[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})";
    internal const string NamePattern = "(?<name>[A-Za-z0-9._-]{1,100}?)";

    [GeneratedRegex("^https://github\\.com/" + OwnerPattern + "/" + NamePattern + "(?:\\.git)?/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryUrl();
}

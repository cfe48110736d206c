using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FeedbackFix.GitHub;

/// <summary>An issue on github.com, as stored in a job's or cluster's <c>issue_url</c>.</summary>
public sealed partial record GitHubIssueRef(GitHubRepository Repository, int Number)
{
    public string WebUrl => $"{Repository.WebUrl}/issues/{Number.ToString(CultureInfo.InvariantCulture)}";

    public override string ToString() => $"{Repository}#{Number.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Accepts <c>https://github.com/{owner}/{repo}/issues/{n}</c>, optionally ending in <c>/</c>.</summary>
    public static bool TryParse(string? url, [NotNullWhen(true)] out GitHubIssueRef? issue)
    {
        issue = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        var match = IssueUrl().Match(url.Trim());
        if (!match.Success
            || !GitHubRepository.IsRepositoryName(match.Groups["name"].Value)
            || !int.TryParse(match.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number < 1)
        {
            return false;
        }

        issue = new GitHubIssueRef(new GitHubRepository(match.Groups["owner"].Value, match.Groups["name"].Value), number);
        return true;
    }

    [GeneratedRegex("^https://github\\.com/" + GitHubRepository.OwnerPattern + "/" + GitHubRepository.NamePattern + "/issues/(?<number>[0-9]{1,10})/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IssueUrl();
}

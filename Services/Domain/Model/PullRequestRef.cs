using System.Globalization;

namespace FeedbackFix.Domain.Model;

/// <summary>
/// A pull request by repository (<c>owner/name</c>) and number: how a job's <c>pr_url</c> and a GitHub
/// <c>pull_request</c> delivery are matched. The host is left out, so GitHub Enterprise links match too;
/// case is folded, since GitHub's owner and repository names ignore it.
/// </summary>
public sealed record PullRequestRef(string Repository, long Number)
{
    /// <summary>The index field of <c>jobs:by_pull_request</c>: <c>owner/name#number</c>, lower case.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Repository.ToLowerInvariant()}#{Number}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Repository}#{Number}");

    /// <summary>The pull request a link such as <c>https://github.com/acme/app/pull/7</c> names; null for any other link.</summary>
    public static PullRequestRef? FromUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return null;
        }
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        return segments.Length >= 4 && segments[2] == "pull"
            ? From($"{segments[0]}/{segments[1]}", segments[3])
            : null;
    }

    /// <summary>A repository's <c>owner/name</c> and a number; null when either is not one.</summary>
    public static PullRequestRef? From(string? repository, long number) =>
        IsRepository(repository) && number > 0 ? new PullRequestRef(repository!, number) : null;

    private static PullRequestRef? From(string repository, string number) =>
        long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? From(repository, n) : null;

    private static bool IsRepository(string? value) =>
        value is { Length: > 2 and <= 200 } && value.Split('/') is [{ Length: > 0 } owner, { Length: > 0 } name]
        && owner.All(IsNameChar) && name.All(IsNameChar);

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}

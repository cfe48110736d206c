using System.Text.Json;
using System.Text.RegularExpressions;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Sources;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Domain.Model;

/// <summary>
/// The rules of the repository mapping: what a key of each source looks like, how keys are compared
/// (case-insensitively, kept lower case), and which repository one report maps to, read from the
/// metadata Ingestion stores with it (<c>repository</c> of a GitHub issue, <c>project</c> of a Sentry
/// issue, <c>subreddit</c> of a Reddit post).
/// </summary>
public static partial class RepositoryRules
{
    /// <summary>Entries one source's map may hold.</summary>
    public const int MaxEntriesPerSource = 500;

    public const string GithubKeyRule = "owner/name of a GitHub repository";
    public const string SentryKeyRule = "a Sentry project slug: 1-100 letters, digits, '_', '-' or '.'";
    public const string RedditKeyRule = "a subreddit name: 2-21 letters, digits or underscores";

    private const string GithubRepositoryField = "repository";
    private const string SentryProjectField = "project";
    private const string RedditSubredditField = "subreddit";
    private const string GithubBase = "https://github.com/";

    public static bool IsValidKey(FeedbackSource source, string? key) => key is not null && source switch
    {
        FeedbackSource.Github => GithubRepoUrl.IsValid(GithubBase + key),
        FeedbackSource.Sentry => SentrySlugRegex().IsMatch(key),
        FeedbackSource.Reddit => SourceConfigStore.IsValidSubreddit(key),
        _ => false,
    };

    public static string KeyRule(FeedbackSource source) => source switch
    {
        FeedbackSource.Github => GithubKeyRule,
        FeedbackSource.Sentry => SentryKeyRule,
        _ => RedditKeyRule,
    };

    /// <summary>The same mapping with every key lower case and no empty map, as it is stored.</summary>
    public static RepositoryMapping Normalize(RepositoryMapping mapping) => new(
        NormalizeMap(mapping.Github), NormalizeMap(mapping.Sentry), NormalizeMap(mapping.Reddit));

    /// <summary>
    /// The repository a report of <paramref name="source"/> with <paramref name="metadata"/> maps to:
    /// its key's entry, else for a GitHub report its own repository; null when nothing says.
    /// </summary>
    public static string? Resolve(RepositoryMapping mapping, FeedbackSource source, string? metadata)
    {
        var (field, map) = source switch
        {
            FeedbackSource.Github => (GithubRepositoryField, mapping.Github),
            FeedbackSource.Sentry => (SentryProjectField, mapping.Sentry),
            FeedbackSource.Reddit => (RedditSubredditField, mapping.Reddit),
            _ => (null, null),
        };
        if (field is null || KeyIn(metadata, field) is not { } key)
        {
            return null;
        }
        key = key.ToLowerInvariant();
        if (map is not null && map.TryGetValue(key, out var mapped))
        {
            return mapped;
        }
        return source == FeedbackSource.Github && GithubRepoUrl.IsValid(GithubBase + key) ? GithubBase + key : null;
    }

    /// <summary>The address most of <paramref name="repositories"/> name (ties: the first in ordinal order); null when none.</summary>
    public static string? MostCommon(IEnumerable<string?> repositories) =>
        repositories.OfType<string>()
            .GroupBy(url => url, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .FirstOrDefault();

    private static Dictionary<string, string>? NormalizeMap(IReadOnlyDictionary<string, string>? map)
    {
        if (map is not { Count: > 0 })
        {
            return null;
        }
        var normalized = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, url) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            normalized[key.ToLowerInvariant()] = url;
        }
        return normalized;
    }

    private static string? KeyIn(string? metadata, string field)
    {
        if (string.IsNullOrEmpty(metadata))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(metadata);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(field, out var value)
                && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SentrySlugRegex();
}

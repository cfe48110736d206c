using System.Text.RegularExpressions;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>Run-time source configuration: the subreddits the poller reads.</summary>
public sealed partial class SourceConfigStore(IConnectionMultiplexer redis)
{
    /// <summary>Reddit's own rule for subreddit names: 2-21 letters, digits or underscores.</summary>
    public const string SubredditPattern = "^" + SubredditCharacters + "$";

    private const string SubredditCharacters = "[A-Za-z0-9][A-Za-z0-9_]{1,20}";

    private IDatabase Db => redis.GetDatabase();

    public static bool IsValidSubreddit(string? name) => name is not null && SubredditRegex().IsMatch(name);

    /// <summary>Reddit names are case-insensitive; we keep them lower-case so "Foo" and "foo" are one.</summary>
    public static string Normalize(string subreddit) => subreddit.ToLowerInvariant();

    public async Task<IReadOnlyList<string>> GetSubredditsAsync() =>
        [.. (await Db.SetMembersAsync(RedisKeys.RedditSubreddits)).Select(v => v.ToString()).Order(StringComparer.Ordinal)];

    /// <summary>Adds a subreddit; false when it was there already.</summary>
    public Task<bool> AddSubredditAsync(string subreddit) => Db.SetAddAsync(RedisKeys.RedditSubreddits, Normalize(subreddit));

    /// <summary>Removes a subreddit; false when it was not there.</summary>
    public Task<bool> RemoveSubredditAsync(string subreddit) => Db.SetRemoveAsync(RedisKeys.RedditSubreddits, Normalize(subreddit));

    // SubredditPattern's '$' would also match before a trailing newline; \z ends at the end only.
    [GeneratedRegex("^" + SubredditCharacters + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex SubredditRegex();
}

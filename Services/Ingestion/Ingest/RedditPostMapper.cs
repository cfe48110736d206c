using System.Text.Json;
using System.Text.RegularExpressions;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Domain.Model;
using FeedbackFix.Ingestion.Model;
using FeedbackFix.ServiceDefaults.Validation;

namespace FeedbackFix.Ingestion.Ingest;

/// <summary>Checks a Reddit post and turns it into <see cref="NewFeedback"/> deduplicated by its fullname.</summary>
internal static partial class RedditPostMapper
{
    public const string FullnamePattern = "^t3_[a-z0-9]{1,16}$";
    public const string RedditOrigin = "https://www.reddit.com";
    public const int MaxBatchSize = 100;

    // Reddit's own names are at most 21 characters ("u_" profiles a little more); this only bounds metadata.
    private const int SubredditMaxLength = 100;

    /// <summary>
    /// The feedback to store, or null when <paramref name="errors"/> says what is wrong. Field names
    /// get <paramref name="prefix"/> ("posts[3].") so a batch error points at the post.
    /// </summary>
    public static NewFeedback? Map(RedditPost? post, string prefix, DateTimeOffset now, FieldErrors errors)
    {
        if (post is null)
        {
            var field = prefix.Length == 0 ? "post" : prefix.TrimEnd('.');
            errors.Add(field, $"{field} must be a post object.");
            return null;
        }

        var before = errors.Count;
        errors.Required(prefix + "name", post.Name, FeedbackLimits.ExternalIdMaxLength);
        if (!string.IsNullOrWhiteSpace(post.Name) && !FullnameRegex().IsMatch(post.Name))
        {
            errors.Add(prefix + "name", $"{prefix}name must be a post fullname such as t3_abc123.");
        }
        errors.Required(prefix + "title", post.Title, FeedbackLimits.TitleMaxLength);
        if (post.Permalink is not null)
        {
            var permalinkUrl = RedditOrigin + post.Permalink;
            if (!post.Permalink.StartsWith('/') || post.Permalink.StartsWith("//", StringComparison.Ordinal) || !FieldErrors.IsHttpUrl(permalinkUrl))
            {
                errors.Add(prefix + "permalink", $"{prefix}permalink must be a path on reddit.com starting with '/'.");
            }
            else
            {
                errors.MaxLength(prefix + "permalink", permalinkUrl, FeedbackLimits.UrlMaxLength);
            }
        }
        errors.MaxLength(prefix + "author", post.Author, FeedbackLimits.AuthorMaxLength);
        errors.MaxLength(prefix + "subreddit", post.Subreddit, SubredditMaxLength);
        var createdAt = now;
        if (post.CreatedUtc is { } seconds)
        {
            if (!double.IsFinite(seconds) || seconds < FieldErrors.EarliestTime.ToUnixTimeSeconds() || seconds > (now + FieldErrors.MaxFutureSkew).ToUnixTimeSeconds())
            {
                errors.Add(prefix + "created_utc", $"{prefix}created_utc must be Unix seconds, not more than {FieldErrors.MaxFutureSkew.TotalMinutes:0} minutes in the future.");
            }
            else
            {
                createdAt = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
            }
        }

        if (errors.Count != before)
        {
            return null;
        }

        var (body, truncated) = Truncate(post.Selftext ?? "", FeedbackLimits.BodyMaxLength);
        var link = LinkOf(post.Url);
        var metadata = new RedditMetadata(post.Subreddit, post.Score, post.NumComments, link, truncated ? true : null);
        return new NewFeedback(
            FeedbackSource.Reddit,
            post.Name,
            post.Title!.Trim(),
            body,
            post.Permalink is null ? link : RedditOrigin + post.Permalink,
            string.IsNullOrWhiteSpace(post.Author) ? null : post.Author,
            createdAt,
            JsonSerializer.SerializeToElement(metadata, ApiJson.Options)).WithoutForbiddenCharacters();
    }

    /// <summary>
    /// The post's link: a crosspost's is a path on reddit.com ("/r/other/comments/..."), made whole
    /// here; one we cannot show (not http(s), or too long) is left out rather than refusing the post.
    /// </summary>
    private static string? LinkOf(string? url) =>
        WebhookJson.Url(url is not null && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? RedditOrigin + url : url);

    /// <summary>Outside feedback is never dropped for being long: the body is cut, and the metadata says so.</summary>
    internal static (string Text, bool Truncated) Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return (text, false);
        }
        var cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return (text[..cut], true);
    }

    // FullnamePattern's '$' would also match before a trailing newline ("t3_abc\n"); \z ends at the end only.
    [GeneratedRegex(@"^t3_[a-z0-9]{1,16}\z", RegexOptions.CultureInvariant)]
    private static partial Regex FullnameRegex();
}

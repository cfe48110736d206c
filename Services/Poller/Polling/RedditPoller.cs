using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Poller.Ingestion;
using FeedbackFix.Poller.Reddit;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Poller.Polling;

/// <summary>
/// One cycle over the subreddits in <c>config:reddit:subreddits</c> (read afresh each cycle).
/// The first time a subreddit is seen it is read newest first and walked back with <c>after</c>
/// up to MaxPagesPerCycle pages; afterwards <c>before=&lt;newest fullname&gt;</c> asks only for
/// newer posts. Reddit answers an empty listing forever when the cursor post was deleted, which
/// looks just like "nothing new": so an empty answer is checked against the first page, filtered
/// by the recently seen set. Cursors move only after Ingestion accepted the batch.
/// </summary>
internal sealed partial class RedditPoller(
    SourceConfigStore config,
    PollerStateStore state,
    RedditClient reddit,
    IngestionClient ingestion,
    PollerTelemetry telemetry,
    IOptions<RedditOptions> options,
    TimeProvider time,
    ILogger<RedditPoller> logger)
{
    public async Task<PollCycleSummary> PollOnceAsync(CancellationToken cancellationToken)
    {
        var subreddits = await config.GetSubredditsAsync();
        var failed = new List<string>();
        var total = new Tally();
        foreach (var subreddit in subreddits)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tally = new Tally();
            try
            {
                if (!SourceConfigStore.IsValidSubreddit(subreddit))
                {
                    throw new FormatException($"'{subreddit}' in config:reddit:subreddits is not a subreddit name.");
                }
                await PollSubredditAsync(subreddit, tally, cancellationToken);
                LogPolled(tally.Fetched > 0 ? LogLevel.Information : LogLevel.Debug, subreddit, tally.Fetched, tally.Ingested, tally.Duplicates);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One broken subreddit must not stop the others; it is tried again next cycle.
                failed.Add(subreddit);
                telemetry.Failures.Add(1, new KeyValuePair<string, object?>("subreddit", subreddit));
                if (ex is SubredditUnavailableException or FormatException)
                {
                    LogSkipped(subreddit, ex.Message);
                }
                else
                {
                    LogFailed(ex, subreddit);
                }
            }
            total.Add(tally);
        }
        return new PollCycleSummary(subreddits.Count, failed, total.Fetched, total.Ingested, total.Duplicates);
    }

    private async Task PollSubredditAsync(string subreddit, Tally tally, CancellationToken cancellationToken)
    {
        var newest = await state.GetNewestAsync(subreddit);
        if (newest is not null)
        {
            var newer = await reddit.GetNewAsync(subreddit, after: null, before: newest, cancellationToken);
            if (newer.Posts.Count > 0)
            {
                await WalkForwardAsync(subreddit, newer, tally, cancellationToken);
                return;
            }
            // Empty: nothing new, or the cursor post is gone. The first page tells which.
        }
        await WalkBackAsync(subreddit, hadCursor: newest is not null, tally, cancellationToken);
    }

    /// <summary>
    /// Pages of newer posts, oldest page first (Reddit answers <c>before=X</c> with the posts just
    /// newer than X, not the newest ones); the cursor moves after each accepted page, so a cycle cut
    /// short by MaxPagesPerCycle or a failure resumes where it stopped.
    /// </summary>
    private async Task WalkForwardAsync(string subreddit, RedditPage page, Tally tally, CancellationToken cancellationToken)
    {
        for (var pages = 1; ; pages++)
        {
            var (unseen, _) = await UnseenAsync(subreddit, page.Posts);
            await IngestAsync(subreddit, unseen, newest: page.Posts[0].Name, tally, cancellationToken);

            // Reddit sets "before" while newer pages remain; a full page is read on in case it does not.
            var more = page.Before is not null || page.Posts.Count >= RedditClient.PageSize;
            if (!more || pages >= options.Value.MaxPagesPerCycle)
            {
                return;
            }
            page = await reddit.GetNewAsync(subreddit, after: null, before: page.Posts[0].Name, cancellationToken);
            if (page.Posts.Count == 0)
            {
                return;
            }
        }
    }

    /// <summary>From the newest post back with <c>after</c> until a page holds a post already seen.</summary>
    private async Task WalkBackAsync(string subreddit, bool hadCursor, Tally tally, CancellationToken cancellationToken)
    {
        var collected = new List<RedditPost>();
        string? newest = null;
        string? after = null;
        var metSeen = false;
        for (var pages = 1; pages <= options.Value.MaxPagesPerCycle; pages++)
        {
            var page = await reddit.GetNewAsync(subreddit, after, before: null, cancellationToken);
            newest ??= page.Posts.FirstOrDefault()?.Name;
            var (unseen, anySeen) = await UnseenAsync(subreddit, page.Posts);
            collected.AddRange(unseen);
            metSeen = anySeen;
            after = page.After;
            if (anySeen || after is null || page.Posts.Count == 0)
            {
                break;
            }
        }

        if (hadCursor && !metSeen && after is not null)
        {
            LogOlderSkipped(subreddit, options.Value.MaxPagesPerCycle);
        }
        if (hadCursor && collected.Count > 0)
        {
            LogSteppedAroundCursor(subreddit);
        }
        await IngestAsync(subreddit, collected, newest, tally, cancellationToken);
    }

    /// <summary>The posts not in the recently seen set (newest first), and whether any was.</summary>
    private async Task<(List<RedditPost> Unseen, bool AnySeen)> UnseenAsync(string subreddit, IReadOnlyList<RedditPost> posts)
    {
        var seen = await state.FindSeenAsync(subreddit, [.. posts.Select(p => p.Name!)]);
        var unseen = posts.Where(p => !seen.Contains(p.Name!)).DistinctBy(p => p.Name).ToList();
        return (unseen, seen.Count > 0);
    }

    /// <summary>
    /// Sends posts (given newest first) oldest first in batches Ingestion takes (IngestionClient.Batches). Each accepted batch
    /// joins the seen set; the cursor moves to <paramref name="newest"/> with the last one. A failure
    /// leaves the cursor where it was, so the next cycle reads the posts again.
    /// </summary>
    private async Task IngestAsync(string subreddit, List<RedditPost> posts, string? newest, Tally tally, CancellationToken cancellationToken)
    {
        var capacity = options.Value.SeenCapacity;
        tally.Fetched += posts.Count;
        telemetry.Fetched.Add(posts.Count, new KeyValuePair<string, object?>("subreddit", subreddit));
        if (posts.Count == 0)
        {
            if (newest is not null)
            {
                await state.RecordAsync(subreddit, [], newest, capacity);
            }
            return;
        }

        var batches = IngestionClient.Batches(Enumerable.Reverse(posts)).ToList();
        for (var i = 0; i < batches.Count; i++)
        {
            await SendAsync(subreddit, batches[i], tally, cancellationToken);
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            await state.RecordAsync(subreddit, [.. batches[i].Select(p => (p.Name!, p.CreatedUtc ?? now))], i == batches.Count - 1 ? newest : null, capacity);
        }
    }

    private async Task SendAsync(string subreddit, RedditPost[] batch, Tally tally, CancellationToken cancellationToken)
    {
        try
        {
            Count(await ingestion.PostAsync(batch, cancellationToken), tally);
            return;
        }
        catch (IngestionRejectedException ex) when (batch.Length > 1)
        {
            LogBatchRejected(batch.Length, subreddit, ex.Message);
        }

        foreach (var post in batch)
        {
            try
            {
                Count(await ingestion.PostAsync([post], cancellationToken), tally);
            }
            catch (IngestionRejectedException ex)
            {
                // Sending it again would be rejected again; it is marked seen so it cannot block the cursor.
                LogPostRejected(post.Name, subreddit, ex.Message);
            }
        }
    }

    private void Count(RedditBatchResponse response, Tally tally)
    {
        tally.Ingested += response.Created;
        tally.Duplicates += response.Duplicates;
        telemetry.Ingested.Add(response.Created);
        telemetry.Duplicates.Add(response.Duplicates);
    }

    [LoggerMessage(Message = "Polled r/{Subreddit}: {Fetched} new posts, {Ingested} stored, {Duplicates} duplicates")]
    private partial void LogPolled(LogLevel level, string subreddit, int fetched, int ingested, int duplicates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping r/{Subreddit} this cycle: {Reason}")]
    private partial void LogSkipped(string subreddit, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling r/{Subreddit} failed; going on with the other subreddits")]
    private partial void LogFailed(Exception exception, string subreddit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "r/{Subreddit}: met no seen post within {Pages} pages; older unseen posts are skipped")]
    private partial void LogOlderSkipped(string subreddit, int pages);

    [LoggerMessage(Level = LogLevel.Information, Message = "r/{Subreddit}: the cursor post is gone; stepped around it with the recently seen set")]
    private partial void LogSteppedAroundCursor(string subreddit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingestion rejected a batch of {Count} from r/{Subreddit}; sending them one by one: {Reason}")]
    private partial void LogBatchRejected(int count, string subreddit, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingestion rejected post {Fullname} from r/{Subreddit}; skipped: {Reason}")]
    private partial void LogPostRejected(string? fullname, string subreddit, string reason);

    private sealed class Tally
    {
        public int Fetched { get; set; }

        public int Ingested { get; set; }

        public int Duplicates { get; set; }

        public void Add(Tally other)
        {
            Fetched += other.Fetched;
            Ingested += other.Ingested;
            Duplicates += other.Duplicates;
        }
    }
}

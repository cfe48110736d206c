using System.Globalization;

namespace FeedbackFix.Poller.Tests.Fakes;

/// <summary>
/// One subreddit of the fake Reddit: its posts newest first, paged the way Reddit pages
/// <c>new.json</c> (<c>after</c> older, <c>before</c> newer, an empty listing for a cursor that no
/// longer exists), and the trouble a test asks for (a status code, 429s).
/// </summary>
public sealed class FakeSubreddit(string name, Func<long> nextId)
{
    private readonly Lock _lock = new();
    private readonly List<FakePost> _posts = [];

    public string Name { get; } = name;

    /// <summary>Answer every listing request with this status (500, 404...) instead of posts.</summary>
    public int? FailWith { get; set; }

    /// <summary>The next this many listing requests get 429 with <see cref="RetryAfterSeconds"/>.</summary>
    public int ThrottleNext { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>The next this many listing requests get 500.</summary>
    public int ErrorsNext { get; set; }

    public IReadOnlyList<FakePost> Posts
    {
        get
        {
            lock (_lock)
            {
                return [.. _posts];
            }
        }
    }

    /// <summary>Publishes <paramref name="count"/> posts, each newer than all before; returns them oldest first.</summary>
    public IReadOnlyList<FakePost> Publish(int count, string? selftext = null)
    {
        lock (_lock)
        {
            var added = new List<FakePost>();
            for (var i = 0; i < count; i++)
            {
                var id = Convert.ToString(nextId(), CultureInfo.InvariantCulture);
                var created = 1_700_000_000 + nextId();
                var post = new FakePost("t3_" + id, $"Post {id} in r/{Name}", created, selftext);
                _posts.Insert(0, post);
                added.Add(post);
            }
            return added;
        }
    }

    public void Delete(string fullname)
    {
        lock (_lock)
        {
            _posts.RemoveAll(p => p.Name == fullname);
        }
    }

    /// <summary>The page Reddit would give: posts newest first, and the cursors around it.</summary>
    public (IReadOnlyList<FakePost> Posts, string? After, string? Before) Page(int limit, string? after, string? before)
    {
        lock (_lock)
        {
            if (before is not null)
            {
                var index = _posts.FindIndex(p => p.Name == before);
                if (index < 0)
                {
                    return ([], null, null);
                }
                var start = Math.Max(0, index - limit);
                var page = _posts[start..index];
                return (page, page.Count > 0 ? page[^1].Name : null, start > 0 ? page[0].Name : null);
            }

            var from = 0;
            if (after is not null)
            {
                var index = _posts.FindIndex(p => p.Name == after);
                if (index < 0)
                {
                    return ([], null, null);
                }
                from = index + 1;
            }
            var end = Math.Min(_posts.Count, from + limit);
            var slice = _posts[from..end];
            return (slice, end < _posts.Count && slice.Count > 0 ? slice[^1].Name : null, from > 0 && slice.Count > 0 ? slice[0].Name : null);
        }
    }
}

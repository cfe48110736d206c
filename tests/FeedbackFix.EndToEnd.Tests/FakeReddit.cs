using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.EndToEnd.Tests;

/// <summary>
/// Reddit's listing endpoint on loopback, so the AppHost's poller has something real to read and
/// no request leaves the machine: <c>/r/{sub}/new.json</c> answers the posts of <see cref="Subreddit"/>
/// and an empty listing for any other subreddit.
/// </summary>
public sealed class FakeReddit : IAsyncDisposable
{
    public const string Subreddit = "feedbackfixe2e";

    private readonly WebApplication _app;
    private readonly StrongBox<int> _reads;

    private FakeReddit(WebApplication app, StrongBox<int> reads) => (_app, _reads) = (app, reads);

    /// <summary>How many times the poller has read the subreddit's newest posts.</summary>
    public int Reads => Volatile.Read(ref _reads.Value);

    public static IReadOnlyList<string> Fullnames { get; } = ["t3_e2ea001", "t3_e2ea002"];

    public string Url => _app.Urls.Single();

    public static async Task<FakeReddit> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var reads = new StrongBox<int>();
        app.MapGet("/r/{sub}/new.json", (string sub, HttpRequest request) =>
        {
            if (sub == Subreddit)
            {
                Interlocked.Increment(ref reads.Value);
            }
            // The newest post is the cursor after the first read: nothing is newer than it.
            var children = sub == Subreddit && !request.Query.ContainsKey("before")
                ? Fullnames.Select((name, i) => new
                {
                    kind = "t3",
                    data = new
                    {
                        name,
                        id = name[3..],
                        title = $"Poller post {i}: the sync button spins forever",
                        selftext = "Seen on the fake Reddit.",
                        permalink = $"/r/{Subreddit}/comments/{name[3..]}/",
                        url = $"https://www.reddit.com/r/{Subreddit}/comments/{name[3..]}/",
                        author = "e2e",
                        subreddit = Subreddit,
                        created_utc = 1_764_300_000 - i * 60,
                        score = 3,
                        num_comments = 1,
                    },
                }).ToArray()
                : [];
            return Results.Json(new { kind = "Listing", data = new { after = (string?)null, before = (string?)null, children } },
                new JsonSerializerOptions(JsonSerializerDefaults.Web));
        });
        await app.StartAsync();
        return new FakeReddit(app, reads);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

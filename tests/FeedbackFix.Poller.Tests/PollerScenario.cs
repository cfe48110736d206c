using FeedbackFix.Poller.Polling;
using FeedbackFix.Poller.Reddit;
using FeedbackFix.Poller.Tests.Fakes;
using FeedbackFix.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FeedbackFix.Poller.Tests;

/// <summary>
/// A real redis-server, the fake Reddit (with its fake Ingestion), and the poller wired exactly as
/// Program.cs wires it (service defaults, discovery of http://ingestion, the HttpClients), pointed
/// at the fake. The hosted loop is left out unless asked for, so tests drive cycles themselves.
/// </summary>
internal sealed class PollerScenario : IAsyncDisposable
{
    public const string UserAgent = "dotnet:feedbackfix-poller-tests:1.0 (by /u/feedbackfix_dev)";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<RedditOptions>? _tune;
    private readonly TimeProvider? _tokenClock;

    private PollerScenario(RedisServer redis, FakeReddit reddit, Dictionary<string, string?> settings, Action<RedditOptions>? tune, TimeProvider? tokenClock)
    {
        Redis = redis;
        Reddit = reddit;
        _settings = settings;
        _tune = tune;
        _tokenClock = tokenClock;
    }

    public RedisServer Redis { get; }

    public FakeReddit Reddit { get; }

    public WebApplication App { get; private set; } = null!;

    public RedditPoller Poller => App.Services.GetRequiredService<RedditPoller>();

    public IDatabase Db => Redis.Connection.GetDatabase();

    /// <summary>
    /// Starts Redis and the fake; <paramref name="settings"/> override the Reddit:* defaults (RequestsPerMinute 6000);
    /// <paramref name="tokenClock"/> is the clock the OAuth token's renewal goes by (the system's when not given).
    /// Only the token source takes it: retries, timeouts and the request budget keep the system's clock.
    /// </summary>
    public static async Task<PollerScenario> StartAsync(Dictionary<string, string?>? settings = null, Action<RedditOptions>? tune = null, TimeProvider? tokenClock = null)
    {
        var redis = new RedisServer();
        await redis.InitializeAsync();
        var reddit = await FakeReddit.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["services:ingestion:http:0"] = reddit.Url.ToString().TrimEnd('/'),
            ["Reddit:BaseUrl"] = reddit.Url.ToString(),
            ["Reddit:TokenUrl"] = new Uri(reddit.Url, "/api/v1/access_token").ToString(),
            ["Reddit:UserAgent"] = UserAgent,
            ["Reddit:RequestsPerMinute"] = "1000",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }
        var scenario = new PollerScenario(redis, reddit, all, tune, tokenClock);
        scenario.App = scenario.Build(withWorker: false);
        return scenario;
    }

    /// <summary>The poller app as Program.cs builds it; with the worker only when asked.</summary>
    public WebApplication Build(bool withWorker)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.AddServiceDefaults();
        builder.AddPollerServices();
        if (_tokenClock is not null)
        {
            builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<RedditTokenSource>(services, _tokenClock));
        }
        if (!withWorker)
        {
            builder.Services.Remove(builder.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PollerWorker)));
        }
        builder.Services.PostConfigure<RedditOptions>(options =>
        {
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
            _tune?.Invoke(options);
        });
        // Ingestion's standard retries keep their shape but not their seconds-long delays.
        builder.Services.ConfigureAll<HttpStandardResilienceOptions>(options => options.Retry.Delay = TimeSpan.FromMilliseconds(20));
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }

    /// <summary>A new poller process on the same Redis and fake: nothing in memory survives.</summary>
    public async Task RestartAsync()
    {
        await App.DisposeAsync();
        App = Build(withWorker: false);
    }

    public async Task ConfigureSubredditsAsync(params string[] subreddits)
    {
        await Db.KeyDeleteAsync("config:reddit:subreddits");
        if (subreddits.Length > 0)
        {
            await Db.SetAddAsync("config:reddit:subreddits", [.. subreddits.Select(s => (RedisValue)s)]);
        }
    }

    public Task<PollCycleSummary> PollOnceAsync() => Poller.PollOnceAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Reddit.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

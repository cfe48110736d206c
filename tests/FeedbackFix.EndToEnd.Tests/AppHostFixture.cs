using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FeedbackFix.EndToEnd.Tests;

/// <summary>
/// The whole system, started once for every end-to-end test: the real AppHost with a local
/// <c>redis-server</c> (no container runtime needed) in a throwaway data folder. Tests talk to the
/// gateway over HTTP; they reach Redis only to seed clusters, as the clustering worker would.
/// Outside services are loopback fakes: Reddit, GitHub's API, and a bare git repository
/// (<see cref="RepoUrl"/>) that fixes clone from and push to.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public const string ApiKey = "e2e-api-key-0123456789abcdef";
    public const string AdminKey = "e2e-admin-key-0123456789abcdef";
    public const string DashboardApiKey = "e2e-dashboard-api-key-0123456789abcdef";
    public const string SentrySecret = "e2e-sentry-client-secret";
    public const string GitHubSecret = "e2e-github-webhook-secret";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The repository fixes work on: issues and pulls on <see cref="GitHub"/>, git in <see cref="Remote"/>.</summary>
    public const string RepoUrl = "https://github.com/acme/widgets";

    /// <summary>Words in a cluster's title that steer the agent command below.</summary>
    public const string NoChangeMarker = "no-change";
    public const string SlowMarker = "slow-fix";

    /// <summary>
    /// The agent command: a tiny script in place of a coding agent. It reads the prompt (built from
    /// the issue, so from the cluster's title) and edits a file, or changes nothing, or takes a minute.
    /// </summary>
    private const string AgentCommand =
        $"if grep -q '{SlowMarker}' \"$FEEDBACKFIX_PROMPT_FILE\"; then echo 'thinking slowly'; sleep 60; fi; " +
        $"if grep -q '{NoChangeMarker}' \"$FEEDBACKFIX_PROMPT_FILE\"; then echo 'nothing to change'; " +
        "else echo 'patched' >> FIXED.md; echo 'edited FIXED.md'; fi";

    private readonly string _redisData = Directory.CreateTempSubdirectory("feedbackfix-e2e-redis-").FullName;
    private DistributedApplication? _app;
    private FakeReddit? _reddit;
    private ConnectionMultiplexer? _redis;

    /// <summary>A client of the gateway that sends the API key, and asks once more after a 503 that names a Retry-After.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>A client of the gateway that sends no credentials.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>The web dashboard's address, for the browser tests.</summary>
    public Uri DashboardUrl { get; private set; } = null!;

    /// <summary>The Reddit the poller reads.</summary>
    public FakeReddit Reddit => _reddit!;

    public ClusterStore Clusters { get; private set; } = null!;

    public FeedbackStore Feedback { get; private set; } = null!;

    public ClusterCurationStore Curation { get; private set; } = null!;

    /// <summary>Who the seeded clusters' activity says split them.</summary>
    public static Actor SeededBy { get; } = new("e2e-seed");

    public FakeGitHub GitHub { get; private set; } = null!;

    public GitRemote Remote { get; private set; } = null!;

    public IDatabase Redis => _redis!.GetDatabase();

    /// <summary>
    /// Counts the lines of a resource's console log holding <paramref name="text"/>, from its start
    /// and on as they are written, until disposed: for what a test can only see in a log (a worker's pass).
    /// </summary>
    public async Task<ResourceLogCounter> CountLogLinesAsync(string resource, string text)
    {
        // Logs are kept per running instance, under its id (the name with a suffix the orchestrator chose).
        var running = await _app!.ResourceNotifications.WaitForResourceHealthyAsync(resource);
        return new(_app.Services.GetRequiredService<ResourceLoggerService>(), [running.ResourceId], text);
    }

    /// <summary>A client of one service behind the gateway, for what only that service serves (its own API description).</summary>
    public HttpClient ServiceClient(string resource) => _app!.CreateHttpClient(resource);

    public async Task InitializeAsync()
    {
        _reddit = await FakeReddit.StartAsync();
        GitHub = await FakeGitHub.StartAsync();
        Remote = GitRemote.Create("acme", "widgets");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeedbackFix_AppHost>(
        [
            "Redis:Mode=local",
            $"Redis:DataDirectory={_redisData}",
            $"Parameters:api-key={ApiKey}",
            $"Parameters:admin-key={AdminKey}",
            $"Parameters:dashboard-api-key={DashboardApiKey}",
            $"Parameters:sentry-client-secret={SentrySecret}",
            $"Parameters:github-webhook-secret={GitHubSecret}",
            $"Parameters:reddit-base-url={_reddit.Url}",
            "Parameters:reddit-poll-interval=00:00:01",
            $"Parameters:github-token={GitHub.Token}",
            $"Parameters:github-api-url={GitHub.ApiUrl}",
            $"Parameters:git-base-url={Remote.BaseUrl}",
            $"Parameters:agent-command={AgentCommand}",
        ]);
        var orchestrator = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "agent-orchestrator");
        builder.CreateResourceBuilder(orchestrator)
            .WithEnvironment("Orchestrator__ReconcileInterval", "00:00:01")
            .WithEnvironment("Orchestrator__PollInterval", "00:00:00.100");
        // Clusters the tests seed (a report or two, worded alike) stay as seeded for the whole run; folding and
        // gathering quiet strays are the clustering service's own tests' to check.
        var clustering = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "clustering");
        builder.CreateResourceBuilder(clustering).WithEnvironment("Clustering__Grouping__FoldAfterQuiet", "1.00:00:00");
        // Reddit's unauthenticated allowance (10 requests a minute) is the poller's budget by default; the fake Reddit
        // has none, and with a few subreddits configured by the tests the one a test waits on would get its turn too rarely.
        var poller = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "poller");
        builder.CreateResourceBuilder(poller).WithEnvironment("Reddit__RequestsPerMinute", "1000");
        var dashboard = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "dashboard");
        builder.CreateResourceBuilder(dashboard).WithEnvironment("Dashboard__RefreshInterval", "00:00:01");
        _app = await builder.BuildAsync();

        using var timeout = new CancellationTokenSource(StartTimeout);
        await _app.StartAsync(timeout.Token);
        await WaitForHealthyAsync("gateway", timeout.Token);
        await WaitForHealthyAsync("dashboard", timeout.Token);
        DashboardUrl = _app.GetEndpoint("dashboard", "http");

        Anonymous = _app.CreateHttpClient("gateway");
        Api = new HttpClient(new RetryWhenUnavailable()) { BaseAddress = _app.GetEndpoint("gateway", "http") };
        Api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        Api.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var connectionString = await _app.GetConnectionStringAsync("redis", timeout.Token)
            ?? throw new InvalidOperationException("The AppHost gave no Redis connection string.");
        _redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var services = new ServiceCollection()
            .AddSingleton<IConnectionMultiplexer>(_redis)
            .AddFeedbackFixStores()
            .BuildServiceProvider();
        Clusters = services.GetRequiredService<ClusterStore>();
        Feedback = services.GetRequiredService<FeedbackStore>();
        Curation = services.GetRequiredService<ClusterCurationStore>();
    }

    /// <summary>
    /// A cluster of the given reports (stored first), with <see cref="RepoUrl"/> to fix unless told
    /// otherwise. The reports are split out into it as a person splits them, since the running worker
    /// may place them first or meanwhile: wherever it put them they leave, its commit decided before
    /// is refused, and it leaves the cluster and the title it was given as they are.
    /// </summary>
    public async Task<IssueCluster> SeedClusterAsync(string title, string summary, IEnumerable<NewFeedback> reports, string? repo = RepoUrl)
    {
        var ids = new List<string>();
        foreach (var report in reports)
        {
            ids.Add((await Feedback.AddAsync(report, null)).Id);
        }
        if (ids.Count == 0)
        {
            return await Clusters.CreateAsync(new NewCluster(title, summary, ids, repo));
        }
        var split = await Curation.SplitAsync(ids, title, SeededBy);
        var changed = await Clusters.ChangeAsync(split.ClusterId ?? throw new InvalidOperationException($"Seeding '{title}': {split}"),
            new ClusterChanges(Summary: summary, GithubRepoUrl: repo ?? ""), (_, _) => true);
        return changed.Record ?? throw new InvalidOperationException($"Seeding '{title}': {changed.Outcome}");
    }

    /// <summary>Waits for a resource to be healthy; when it fails to start, the failure carries the resource's last log lines.</summary>
    private async Task WaitForHealthyAsync(string resource, CancellationToken cancellationToken)
    {
        try
        {
            await _app!.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        }
        catch (DistributedApplicationException failed)
        {
            var lines = new List<string>();
            using var read = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await foreach (var batch in _app!.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(resource).WithCancellation(read.Token))
                {
                    lines.AddRange(batch.Select(line => line.Content));
                }
            }
            catch (OperationCanceledException)
            {
            }
            throw new InvalidOperationException($"{failed.Message} Its log ends:{Environment.NewLine}{string.Join(Environment.NewLine, lines.TakeLast(40))}", failed);
        }
    }

    /// <summary>The cluster of each report, once the worker has placed them all (fails after <paramref name="within"/>).</summary>
    public async Task<Dictionary<string, string>> WaitForClustersAsync(IReadOnlyList<string> ids, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var clusterOf = new Dictionary<string, string>();
            foreach (var id in ids)
            {
                var item = await Json.ReadAsync(await Api.GetAsync($"/feedback/{id}"));
                if (item.TryGetProperty("cluster_id", out var clusterId) && clusterId.ValueKind == System.Text.Json.JsonValueKind.String)
                {
                    clusterOf[id] = clusterId.GetString()!;
                }
            }
            if (clusterOf.Count == ids.Count)
            {
                return clusterOf;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Only {clusterOf.Count} of {ids.Count} items were clustered within {within.TotalSeconds} s.");
            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        Anonymous?.Dispose();
        _redis?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_reddit is not null)
        {
            await _reddit.DisposeAsync();
        }
        if (GitHub is not null)
        {
            await GitHub.DisposeAsync();
        }
        Remote?.Dispose();
        try
        {
            Directory.Delete(_redisData, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>, ICollectionFixture<Dashboard.DashboardBrowser>
{
    public const string Name = "AppHost";
}

using FeedbackFix.AgentOrchestrator.Issues;
using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.AgentOrchestrator.Launching;
using FeedbackFix.AgentOrchestrator.Reconciling;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.GitHub;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace FeedbackFix.AgentOrchestrator.Tests.Support;

/// <summary>
/// The orchestrator's parts wired as the service wires them, over a real redis-server and a
/// loopback fake GitHub, with a <see cref="RecordingLauncher"/> in place of a real one.
/// </summary>
public sealed class OrchestratorScenario : IAsyncDisposable
{
    public const string RepoUrl = "https://github.com/acme/widgets";
    public const string BackendUrl = "http://127.0.0.1:9/";

    private OrchestratorScenario(FakeGitHub gitHub, ServiceProvider services, FakeTimeProvider clock)
    {
        GitHub = gitHub;
        Services = services;
        Clock = clock;
    }

    private JobStore? _jobsOnClock;

    public FakeGitHub GitHub { get; }

    public ServiceProvider Services { get; }

    /// <summary>The reconciler's clock, which a test moves past the heartbeat timeout.</summary>
    public FakeTimeProvider Clock { get; }

    public RecordingLauncher Launcher => Services.GetRequiredService<RecordingLauncher>();

    public JobStore Jobs => Services.GetRequiredService<JobStore>();

    public ClusterStore Clusters => Services.GetRequiredService<ClusterStore>();

    public FeedbackStore Feedback => Services.GetRequiredService<FeedbackStore>();

    public JobLauncher JobLauncher => Services.GetRequiredService<JobLauncher>();

    public JobReconciler Reconciler => Services.GetRequiredService<JobReconciler>();

    public static async Task<OrchestratorScenario> StartAsync(
        IConnectionMultiplexer redis, bool withGitHubToken = true, string? wrongToken = null, Action<OrchestratorOptions>? configure = null)
    {
        var gitHub = await FakeGitHub.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(redis)
            .AddFeedbackFixStores()
            .AddGitHub()
            .Configure<GitHubOptions>(options =>
            {
                options.ApiUrl = gitHub.ApiUrl;
                options.Token = withGitHubToken ? wrongToken ?? gitHub.Token : null;
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
                options.MaxRetries = 1;
            })
            .Configure<OrchestratorOptions>(options =>
            {
                options.BackendUrl = BackendUrl;
                options.IssueLabels = ["feedbackfix", "bug"];
                configure?.Invoke(options);
            })
            .AddSingleton<RecordingLauncher>()
            .AddSingleton<IAgentLauncher>(provider => provider.GetRequiredService<RecordingLauncher>())
            .AddSingleton<AgentLaunchers>()
            .AddSingleton<IssueOpener>()
            .AddSingleton<JobLauncher>()
            .AddSingleton(provider => ActivatorUtilities.CreateInstance<JobReconciler>(provider, (TimeProvider)clock))
            .BuildServiceProvider();
        return new OrchestratorScenario(gitHub, services, clock);
    }

    /// <summary>A cluster of reports, some with a link back to where they came from.</summary>
    public async Task<IssueCluster> SeedClusterAsync(int items = 3, string? issueUrl = null, string title = "Export crashes")
    {
        var ids = new List<string>();
        for (var i = 0; i < items; i++)
        {
            var url = i % 2 == 0 ? $"https://www.reddit.com/r/widgets/comments/{Guid.NewGuid():N}" : null;
            var added = await Feedback.AddAsync(
                new NewFeedback(FeedbackSource.Manual, Guid.NewGuid().ToString("N"), $"Export crashes #{i}", "It breaks.", url, "tester",
                    DateTimeOffset.UtcNow.AddMinutes(-i)),
                null);
            ids.Add(added.Id);
        }
        var cluster = await Clusters.CreateAsync(new NewCluster(title, "Exporting a report crashes the app.", ids, RepoUrl));
        if (issueUrl is not null)
        {
            await Clusters.ChangeAsync(cluster.Id, new ClusterChanges(IssueUrl: issueUrl), static (from, to) => from == to);
        }
        return (await Clusters.GetAsync(cluster.Id))!;
    }

    /// <summary>A job queued as start_fix queues it, with the token its stream entry carries.</summary>
    public async Task<(AgentJob Job, string Token)> QueueJobAsync(IssueCluster cluster, string launcher = RecordingLauncher.LauncherName)
    {
        var creation = await Jobs.CreateAsync(cluster.Id, RepoUrl, launcher, enqueue: true, null);
        return (creation.Job!, creation.Token!);
    }

    /// <summary>
    /// The job store on the reconciler's clock, so reports a test sends are stamped with the time it moved to.
    /// </summary>
    public JobStore JobsOnClock => _jobsOnClock ??= new JobStore(Services.GetRequiredService<IConnectionMultiplexer>(), Clusters, Clock);

    /// <summary>A job the caller runs itself, opened as POST /jobs opens it: launcher manual, not queued for the orchestrator.</summary>
    public async Task<AgentJob> ManualJobAsync()
    {
        var cluster = await SeedClusterAsync();
        var creation = await JobsOnClock.CreateAsync(cluster.Id, RepoUrl, JobLauncherNames.Manual, enqueue: false, null);
        return creation.Job!;
    }

    public async Task<(AgentJob Job, string Token)> RunningJobAsync()
    {
        var (job, token) = await QueueJobAsync(await SeedClusterAsync(issueUrl: "https://github.com/acme/widgets/issues/1"));
        Assert.Equal(LaunchOutcome.Done, await JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None));
        return ((await Jobs.GetAsync(job.Id))!, token);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}

using Amazon.Runtime;
using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.AgentOrchestrator.Launchers.Ecs;
using FeedbackFix.AgentOrchestrator.Tests.Support;
using FeedbackFix.Contracts.Agent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.AgentOrchestrator.Tests.Ecs;

/// <summary>
/// The ecs launcher as the orchestrator builds it (AddEcsLauncher, after the standard resilience
/// handler every service gets from AddServiceDefaults), pointed at a <see cref="FakeEcs"/>.
/// </summary>
public sealed class EcsScenario : IAsyncDisposable
{
    public const string Cluster = "feedbackfix-agents";
    public const string TaskDefinition = "coding-agent:7";
    public const string JobToken = "job-token-secret-value";

    private EcsScenario(FakeEcs fake, ServiceProvider services, RecordingLoggerProvider logs)
    {
        Fake = fake;
        Services = services;
        Logs = logs;
    }

    public FakeEcs Fake { get; }

    public ServiceProvider Services { get; }

    public RecordingLoggerProvider Logs { get; }

    public IAgentLauncher Launcher => Services.GetRequiredKeyedService<IAgentLauncher>(EcsLauncher.LauncherName);

    public static async Task<EcsScenario> StartAsync(Dictionary<string, string?>? settings = null, AWSCredentials? credentials = null, Uri? serviceUrl = null, IAwsCredentialsSource? credentialsSource = null)
    {
        var fake = await FakeEcs.StartAsync();
        var configuration = new Dictionary<string, string?>
        {
            ["Launchers:Ecs:Region"] = FakeEcs.Region,
            ["Launchers:Ecs:ServiceUrl"] = (serviceUrl ?? fake.Url).ToString(),
            ["Launchers:Ecs:Cluster"] = Cluster,
            ["Launchers:Ecs:TaskDefinition"] = TaskDefinition,
            ["Launchers:Ecs:Subnets:0"] = "subnet-0aaa",
            ["Launchers:Ecs:Subnets:1"] = "subnet-0bbb",
            ["Launchers:Ecs:SecurityGroups:0"] = "sg-0agent",
            ["Launchers:Ecs:MaxAttempts"] = "4",
        };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        var logs = new RecordingLoggerProvider();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        // What AddServiceDefaults does to every HttpClient; AddEcsLauncher must take it off again.
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.AddSingleton<IAwsCredentialsSource>(credentialsSource ?? new StaticAwsCredentialsSource(credentials ?? new BasicAWSCredentials(FakeEcs.AccessKeyId, FakeEcs.SecretAccessKey)));
        services.AddEcsLauncher();
        services.PostConfigure<EcsOptions>(options =>
        {
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
            options.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
        });
        return new EcsScenario(fake, services.BuildServiceProvider(validateScopes: true), logs);
    }

    public static AgentLaunch Launch(string jobId = "job_123", int attempt = 1) => new(jobId, "cluster_9", attempt, new Dictionary<string, string>
    {
        [AgentEnvironment.JobId] = jobId,
        [AgentEnvironment.JobToken] = JobToken,
        [AgentEnvironment.BackendUrl] = "https://feedbackfix.example.com",
        [AgentEnvironment.ClusterId] = "cluster_9",
    });

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.GitHub;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.AgentOrchestrator.Capabilities;

/// <summary>
/// Tells Clusters whether this orchestrator has a GitHub token (<c>orchestrator:capabilities</c>), at
/// start and every ReconcileInterval after, each record living three intervals: a stopped
/// orchestrator's answer is gone soon after, and one missed refresh does not lose it. Clusters then
/// refuses a fix up front that could only fail, instead of queueing it.
/// </summary>
public sealed partial class CapabilitiesPublisher(
    OrchestratorCapabilitiesStore capabilities,
    IOptions<GitHubOptions> github,
    IOptions<OrchestratorOptions> options,
    TimeProvider time,
    ILogger<CapabilitiesPublisher> logger) : BackgroundService
{
    private const int LifetimeInIntervals = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hasToken = !string.IsNullOrWhiteSpace(github.Value.Token);
        if (!hasToken)
        {
            LogNoToken();
        }

        var interval = options.Value.ReconcileInterval;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await capabilities.RecordAsync(hasToken, interval * LifetimeInIntervals);
            }
            catch (Exception ex) when (RedisOutage.Is(ex))
            {
                LogRecordFailed(ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No GitHub token (GitHub:Token, AppHost parameter 'github-token'): fixes are refused until one is set")]
    private partial void LogNoToken();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the orchestrator's capabilities; trying again next interval: {Reason}")]
    private partial void LogRecordFailed(string reason);
}

using FeedbackFix.Domain.Redis;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Ingestion.Retention;

/// <summary>
/// Runs a <see cref="FeedbackRetention"/> pass at start and every <c>Retention:Interval</c> while
/// <c>Retention:FeedbackMaxAgeDays</c> is set; ends at once when it is not. A pass Redis cannot serve
/// is tried again until Redis answers (<see cref="RedisOutage"/>); any other failure is logged and the
/// next pass comes at its time: nothing here stops the service.
/// </summary>
public sealed partial class FeedbackRetentionService(
    FeedbackRetention retention,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<FeedbackRetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryWhileRedisIsDown = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.IsOn)
        {
            LogOff(RetentionOptions.FeedbackMaxAgeDaysSetting);
            return;
        }
        LogOn(settings.FeedbackMaxAgeDays, settings.Interval, settings.MaxReportsPerRun);

        // Created before the first pass, so a tick that falls due during a pass is not missed.
        using var timer = new PeriodicTimer(settings.Interval, time);
        try
        {
            do
            {
                await RunPassAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunPassAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RedisOutage.RetryAsync(() => retention.RunAsync(stoppingToken), RetryWhileRedisIsDown, time,
                ex => LogRedisUnavailable(ex.Message), stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogPassFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention of reports is off ({Setting} is 0): reports are kept until someone deletes them")]
    private partial void LogOff(string setting);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Retention deletes reports older than {MaxAgeDays} days, looking every {Interval} at up to {MaxReportsPerRun} of the oldest")]
    private partial void LogOn(int maxAgeDays, TimeSpan interval, int maxReportsPerRun);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable to retention: {Reason}")]
    private partial void LogRedisUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A retention pass failed; the next one comes at its time")]
    private partial void LogPassFailed(Exception exception);
}

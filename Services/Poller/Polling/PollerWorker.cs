using Microsoft.Extensions.Options;

namespace FeedbackFix.Poller.Polling;

/// <summary>Runs <see cref="RedditPoller.PollOnceAsync"/> every PollInterval (measured from the end of a cycle).</summary>
internal sealed partial class PollerWorker(
    RedditPoller poller,
    IOptions<RedditOptions> options,
    TimeProvider time,
    ILogger<PollerWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await poller.PollOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Typically Redis unreachable while reading the subreddit list; the next cycle tries again.
                LogCycleFailed(ex, options.Value.PollInterval);
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Poll cycle failed; next cycle in {Interval}")]
    private partial void LogCycleFailed(Exception exception, TimeSpan interval);
}

using System.Threading.Channels;
using FeedbackFix.Contracts.Jobs;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.CodingAgent.Reporting;

/// <summary>
/// Gathers log lines and sends them as batched reports: when a batch is full or its first line
/// has waited <see cref="LogBatching.Interval"/>. When nothing was sent for
/// <see cref="LogBatching.HeartbeatInterval"/>, it sends an empty report so the orchestrator
/// knows the agent is alive through a long quiet step (a clone, a build, a thinking model).
/// A 409 or a refused report ends the loop and is handed to <c>onStopped</c>.
/// </summary>
internal sealed partial class LogBatcher(JobReporter reporter, LogBatching batching, TimeProvider time, ILogger<LogBatcher> logger, Action<Exception> onStopped)
{
    // Bounded so a command that floods its output is slowed down rather than held in memory.
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    private Task _loop = Task.CompletedTask;
    private volatile bool _stopped;

    public void Start(CancellationToken cancellationToken) => _loop = Task.Run(() => RunAsync(cancellationToken), CancellationToken.None);

    /// <summary>Queues a line; lines are dropped once reporting has stopped (the job has ended).</summary>
    public async ValueTask AddAsync(string line, CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }
        try
        {
            await _lines.Writer.WriteAsync(line, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // Completed or stopped meanwhile: the line has nowhere to go.
        }
    }

    /// <summary>Sends what is still queued and stops.</summary>
    public async Task CompleteAsync()
    {
        _lines.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<string>(batching.MaxLines);
        long batchStarted = 0;
        try
        {
            while (true)
            {
                while (batch.Count < batching.MaxLines && _lines.Reader.TryRead(out var line))
                {
                    if (batch.Count == 0)
                    {
                        batchStarted = time.GetTimestamp();
                    }
                    batch.Add(line);
                }

                var wait = batch.Count switch
                {
                    0 => batching.HeartbeatInterval - reporter.SinceLastReport,
                    _ when batch.Count >= batching.MaxLines => TimeSpan.Zero,
                    _ => batching.Interval - time.GetElapsedTime(batchStarted),
                };
                if (wait <= TimeSpan.Zero)
                {
                    if (!await SendAsync(batch, cancellationToken))
                    {
                        return;
                    }
                    continue;
                }

                if (!await WaitForLinesAsync(wait, cancellationToken))
                {
                    // Completed: the rest goes out now, in full batches.
                    while (batch.Count > 0 || _lines.Reader.TryPeek(out _))
                    {
                        while (batch.Count < batching.MaxLines && _lines.Reader.TryRead(out var line))
                        {
                            batch.Add(line);
                        }
                        if (!await SendAsync(batch, cancellationToken))
                        {
                            return;
                        }
                    }
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is stopping; whoever stopped it reports the end.
        }
    }

    /// <summary>True when lines arrived or the wait ran out; false when no more lines will come.</summary>
    private async Task<bool> WaitForLinesAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(wait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await _lines.Reader.WaitToReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }

    /// <summary>Sends the batch (a heartbeat when empty); false when reporting must stop.</summary>
    private async Task<bool> SendAsync(List<string> batch, CancellationToken cancellationToken)
    {
        try
        {
            await reporter.SendAsync(batch.Count == 0 ? JobReport.Heartbeat : new JobReport(Logs: [.. batch]), cancellationToken);
        }
        catch (JobReportException e) when (e.IsTransient)
        {
            // The backend is away for longer than the retries wait: these lines are lost, the run goes on,
            // and the orchestrator decides from the missing heartbeats whether to give up on it.
            LogLinesDropped(batch.Count, e.Message);
        }
        catch (Exception e) when (e is JobEndedException or JobReportException)
        {
            _stopped = true;
            _lines.Writer.TryComplete();
            onStopped(e);
            return false;
        }
        batch.Clear();
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {LineCount} log lines: {Reason}")]
    private partial void LogLinesDropped(int lineCount, string reason);
}

using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Dashboard.Api;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace FeedbackFix.Dashboard.Components.Jobs;

/// <summary>
/// Loads a job's log in pages (JSON), then, while the job is active, follows its server-sent events
/// from the last line it has. A stream that drops, or ends while the job is still active, is
/// reopened after a short backoff from that same line (Last-Event-ID), and a line seen before is
/// dropped, so the log has neither gaps nor duplicates. Lines that arrive fast are shown in
/// batches, at most one render per <see cref="RenderInterval"/>.
/// </summary>
public sealed partial class JobLog : ComponentBase, IAsyncDisposable
{
    /// <summary>The most lines the API gives per page.</summary>
    public const int PageSize = 1_000;

    /// <summary>Lines in the first response (prerendering): the start of the log, the rest over the live connection.</summary>
    public const int PrerenderLines = 100;

    /// <summary>Each line's height in pixels: fixed, so the list can be virtualised.</summary>
    private const float LineHeight = 20;

    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(15);

    private readonly List<LogRow> _rows = [];
    private readonly CancellationTokenSource _stop = new();
    private string? _lastId;
    private LogState _state = LogState.Loading;
    private bool _moreThanShown;
    private ApiProblem? _problem;
    private DateTimeOffset? _reconnectAt;
    private long _lastRender;
    private bool _renderPending;
    private bool _scrollPending;
    private ElementReference _scroller;
    private IJSObjectReference? _module;

    [Inject]
    private FeedbackFixClient Api { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<JobLog> Logger { get; set; } = default!;

    [Parameter, EditorRequired]
    public string JobId { get; set; } = "";

    /// <summary>Whether the job was active (queued, launching, running) when the page loaded: then the log is followed.</summary>
    [Parameter]
    public bool Active { get; set; }

    /// <summary>Called when following finds the job has ended, so the page shows its end without waiting for its refresh.</summary>
    [Parameter]
    public EventCallback Ended { get; set; }

    /// <summary>At most one render per interval while lines stream in.</summary>
    [Parameter]
    public TimeSpan RenderInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The wait before the first reconnect; doubled for each one after, up to 15 seconds.</summary>
    [Parameter]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    internal IReadOnlyList<LogRow> Rows => _rows;

    protected override async Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive)
        {
            _ = RunAsync(_stop.Token);
            return;
        }

        // The first response carries the start of the log only; a long log comes over the live connection.
        var first = await Api.GetJobLogsAsync(JobId, null, PrerenderLines, _stop.Token);
        _problem = first.Problem;
        if (first.Ok)
        {
            Append(first.Value.Lines);
            _moreThanShown = first.Value.NextAfter is not null;
        }
        _state = LogState.Prerendered;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!RendererInfo.IsInteractive || _rows.Count == 0 || !_scrollPending)
        {
            return;
        }
        _scrollPending = false;
        try
        {
            if (_module is null)
            {
                _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Jobs/JobLog.razor.js");
                await _module.InvokeVoidAsync("init", _scroller, Active);
            }
            else
            {
                await _module.InvokeVoidAsync("keepAtEnd", _scroller);
            }
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReadPagesAsync(cancellationToken);
            if (Active)
            {
                await FollowAsync(cancellationToken);
            }
            else
            {
                _state = LogState.Ended;
                Changed();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Every line after the last one held, a page at a time, trying again after a refusal or silence.</summary>
    private async Task ReadPagesAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            var page = await Api.GetJobLogsAsync(JobId, _lastId, PageSize, cancellationToken);
            if (!page.Ok)
            {
                _problem = page.Problem;
                await WaitToReconnectAsync(++failures, cancellationToken);
                continue;
            }
            failures = 0;
            _problem = null;
            Append(page.Value.Lines);
            if (page.Value.NextAfter is null)
            {
                return;
            }
            _state = LogState.LoadingMore;
            Changed();
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        var drops = 0;
        while (true)
        {
            _state = LogState.Following;
            _reconnectAt = null;
            Changed();
            try
            {
                await foreach (var line in Api.FollowJobLogsAsync(JobId, _lastId, cancellationToken))
                {
                    if (Append(line))
                    {
                        drops = 0;
                        _problem = null;
                        Changed();
                    }
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                LogStreamDropped(JobId, _lastId, exception.Message);
            }

            // The stream ends for good once the job has ended and every line is out; any other end is a drop.
            var job = await Api.GetJobAsync(JobId, cancellationToken);
            if (job.Ok && job.Value.Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled)
            {
                // Lines a drop at the very end may have missed.
                await ReadPagesAsync(cancellationToken);
                _state = LogState.Ended;
                Changed();
                await InvokeAsync(Ended.InvokeAsync);
                return;
            }
            _problem = job.Problem;
            await WaitToReconnectAsync(++drops, cancellationToken);
        }
    }

    private async Task WaitToReconnectAsync(int attempt, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromTicks(Math.Min(ReconnectDelay.Ticks * (1L << Math.Min(attempt - 1, 10)), MaxReconnectDelay.Ticks));
        _state = LogState.Reconnecting;
        _reconnectAt = Time.GetUtcNow() + delay;
        Changed();
        await Task.Delay(delay, Time, cancellationToken);
    }

    private void Append(IEnumerable<JobLogLine> lines)
    {
        foreach (var line in lines)
        {
            Append(line);
        }
    }

    /// <summary>Adds a line unless it was seen already; false for a repeat.</summary>
    private bool Append(JobLogLine line)
    {
        if (!LogLineId.IsAfter(line.Id, _lastId))
        {
            return false;
        }
        _rows.Add(new LogRow(_rows.Count + 1, line));
        _lastId = line.Id;
        _scrollPending = true;
        return true;
    }

    /// <summary>Renders now, or once the interval since the last render is over; never more often.</summary>
    private void Changed()
    {
        if (_renderPending)
        {
            return;
        }
        var wait = RenderInterval - Time.GetElapsedTime(_lastRender);
        if (wait <= TimeSpan.Zero)
        {
            Render();
            return;
        }
        _renderPending = true;
        _ = RenderLaterAsync(wait);
    }

    private async Task RenderLaterAsync(TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, Time, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        _renderPending = false;
        Render();
    }

    private void Render()
    {
        _lastRender = Time.GetTimestamp();
        _ = InvokeAsync(StateHasChanged);
    }

    private string StateText => _state switch
    {
        LogState.Loading => "Loading…",
        LogState.Prerendered when _moreThanShown => $"The first {Lines(_rows.Count)}; the rest is on its way.",
        LogState.LoadingMore => $"{Lines(_rows.Count)} so far, loading more…",
        LogState.Following => $"Live · {Lines(_rows.Count)}",
        LogState.Reconnecting => $"{Lines(_rows.Count)} · connection lost, trying again {Until(_reconnectAt)}",
        _ => Lines(_rows.Count),
    };

    private string? AnnouncedState => _state switch
    {
        LogState.Loading => "Loading the log.",
        LogState.Following => "The log is live.",
        LogState.Reconnecting => "The log's connection is lost; trying again.",
        _ => null,
    };

    private string Until(DateTimeOffset? at) =>
        at is { } moment && moment - Time.GetUtcNow() is { TotalSeconds: >= 1 } left ? $"in {Math.Ceiling(left.TotalSeconds):0} s" : "now";

    private static string Lines(int count) => count == 1 ? "1 line" : $"{count:N0} lines";

    public async ValueTask DisposeAsync()
    {
        // The loops end on their own once cancelled: waiting for them here could hold up the circuit, and
        // the token source stays undisposed because a loop may still read its token as it winds down.
        await _stop.CancelAsync();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The log of job {JobId} stopped streaming after line {LastLineId}: {Reason}; reconnecting")]
    private partial void LogStreamDropped(string jobId, string? lastLineId, string reason);

    private enum LogState
    {
        Loading,
        Prerendered,
        LoadingMore,
        Following,
        Reconnecting,
        Ended,
    }
}

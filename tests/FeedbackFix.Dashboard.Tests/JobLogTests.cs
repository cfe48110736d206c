using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Dashboard.Api;
using FeedbackFix.Dashboard.Components.Jobs;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Dashboard.Tests;

public sealed class JobLogTests : BunitContext
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeApi _api = new(FakeApi.NewJob(JobStatus.Running));

    public JobLogTests()
    {
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton<FeedbackFixClient>(_ => _api.Client());
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void The_lines_so_far_are_read_in_pages_then_followed_from_the_last_one()
    {
        _api.Lines.AddRange(Enumerable.Range(1, 2_500).Select(FakeApi.Line));
        _api.Job = _api.Job with { Status = JobStatus.Running };
        _api.ThenFollow(() => { _api.Job = _api.Job with { Status = JobStatus.Succeeded }; return FakeApi.EventStream(FakeApi.Events([FakeApi.Line(2_501)])); });

        var cut = RenderLog(active: true);

        cut.WaitForAssertion(() => Assert.Equal(2_501, cut.Instance.Rows.Count));
        Assert.Equal([null, FakeApi.Line(1_000).Id, FakeApi.Line(2_000).Id], _api.Pages.Take(3).Select(p => Query(p, "after")));
        Assert.Equal(FakeApi.Line(2_500).Id, LastEventId(_api.Follows[0]));
    }

    [Fact]
    public void A_dropped_stream_is_reopened_from_the_last_line_after_a_wait_without_gaps_or_duplicates()
    {
        _api.Lines.AddRange(Enumerable.Range(1, 3).Select(FakeApi.Line));
        _api.ThenFollow(() => FakeApi.BrokenEventStream(FakeApi.Events([FakeApi.Line(4), FakeApi.Line(5)])));
        _api.ThenFollow(() =>
        {
            _api.Job = _api.Job with { Status = JobStatus.Succeeded };
            // The server sends line 5 again: the reader must not show it twice.
            return FakeApi.EventStream(FakeApi.Events([FakeApi.Line(5), FakeApi.Line(6)]));
        });

        var cut = RenderLog(active: true);
        cut.WaitForAssertion(() => Assert.Contains("trying again in 1 s", cut.Find(".job-log-state").TextContent, StringComparison.Ordinal));
        Assert.Single(_api.Follows);

        _time.Advance(TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() => Assert.Equal(6, cut.Instance.Rows.Count));
        Assert.Equal(Enumerable.Range(1, 6).Select(n => FakeApi.Line(n).Line), cut.Instance.Rows.Select(r => r.Line.Line));
        Assert.Equal(Enumerable.Range(1, 6), cut.Instance.Rows.Select(r => r.Number));
        Assert.Equal([FakeApi.Line(3).Id, FakeApi.Line(5).Id], _api.Follows.Select(LastEventId));
    }

    [Fact]
    public void Screen_readers_are_told_the_logs_state_but_not_its_count_which_moves_with_every_batch()
    {
        _api.Lines.AddRange(Enumerable.Range(1, 3).Select(FakeApi.Line));
        _api.ThenFollow(() => FakeApi.BrokenEventStream(FakeApi.Events([FakeApi.Line(4), FakeApi.Line(5)])));

        var cut = RenderLog(active: true);

        cut.WaitForAssertion(() => Assert.Contains("5 lines", cut.Find(".job-log-state").TextContent, StringComparison.Ordinal));
        Assert.Equal("The log's connection is lost; trying again.", cut.Find("[role=status]").TextContent);
    }

    [Fact]
    public void A_stream_that_ends_while_the_job_is_still_active_is_reopened()
    {
        _api.ThenFollow(() => FakeApi.EventStream(FakeApi.Events([FakeApi.Line(1)])));
        _api.ThenFollow(() => { _api.Job = _api.Job with { Status = JobStatus.Failed }; return FakeApi.EventStream(FakeApi.Events([FakeApi.Line(2)])); });

        var cut = RenderLog(active: true);
        cut.WaitForAssertion(() => Assert.Single(_api.Follows));
        _time.Advance(TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.Instance.Rows.Count));
        Assert.Equal(FakeApi.Line(1).Id, LastEventId(_api.Follows[1]));
    }

    [Fact]
    public void Following_stops_when_the_job_has_ended_and_the_page_is_told()
    {
        var ended = 0;
        _api.ThenFollow(() => { _api.Job = _api.Job with { Status = JobStatus.Cancelled }; return FakeApi.EventStream(FakeApi.Events([FakeApi.Line(1)])); });

        var cut = RenderLog(active: true, onEnded: () => ended++);

        cut.WaitForAssertion(() => Assert.Equal(1, ended));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(_api.Follows);
        Assert.Equal("1 line", cut.Find(".job-log-state").TextContent.Trim());
    }

    [Fact]
    public void An_ended_job_is_read_in_pages_and_never_followed()
    {
        _api.Job = _api.Job with { Status = JobStatus.Succeeded };
        _api.Lines.AddRange(Enumerable.Range(1, 1_200).Select(FakeApi.Line));

        var cut = RenderLog(active: false);

        cut.WaitForAssertion(() => Assert.Equal("1,200 lines", cut.Find(".job-log-state").TextContent.Trim()));
        Assert.Empty(_api.Follows);
    }

    [Fact]
    public void Lines_that_arrive_fast_are_rendered_in_batches()
    {
        _api.ThenFollow(() => { _api.Job = _api.Job with { Status = JobStatus.Succeeded }; return FakeApi.EventStream(FakeApi.Events(Enumerable.Range(1, 500).Select(FakeApi.Line))); });

        var cut = RenderLog(active: true, renderInterval: TimeSpan.FromMilliseconds(200));
        cut.WaitForAssertion(() => Assert.Equal(500, cut.Instance.Rows.Count));
        _time.Advance(TimeSpan.FromMilliseconds(200));

        cut.WaitForAssertion(() => Assert.Contains("500 lines", cut.Find(".job-log-state").TextContent, StringComparison.Ordinal));
        Assert.InRange(cut.RenderCount, 1, 6);
    }

    [Fact]
    public void The_first_response_carries_only_the_start_of_a_long_log()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        _api.Lines.AddRange(Enumerable.Range(1, 10_000).Select(FakeApi.Line));

        var cut = RenderLog(active: false);

        Assert.Equal(JobLog.PrerenderLines, cut.Instance.Rows.Count);
        Assert.Equal(JobLog.PrerenderLines.ToString(System.Globalization.CultureInfo.InvariantCulture), Query(Assert.Single(_api.Pages), "limit"));
        Assert.Empty(_api.Follows);
        Assert.Contains("The first 100 lines", cut.Find(".job-log-state").TextContent, StringComparison.Ordinal);
        Assert.Equal(JobLog.PrerenderLines, cut.FindAll("[role=log][aria-live=polite] .job-log-line").Count);
    }

    private IRenderedComponent<JobLog> RenderLog(bool active, Action? onEnded = null, TimeSpan? renderInterval = null) =>
        Render<JobLog>(p => p
            .Add(l => l.JobId, "job-1")
            .Add(l => l.Active, active)
            .Add(l => l.RenderInterval, renderInterval ?? TimeSpan.Zero)
            .Add(l => l.ReconnectDelay, TimeSpan.FromSeconds(1))
            .Add(l => l.Ended, EventCallback.Factory.Create(this, onEnded ?? (() => { }))));

    private static string? Query(HttpRequestMessage request, string name) =>
        System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query)[name];

    private static string? LastEventId(HttpRequestMessage request) =>
        request.Headers.TryGetValues("Last-Event-ID", out var values) ? values.Single() : null;
}

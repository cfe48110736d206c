using System.Text.Json;
using FeedbackFix.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FeedbackFix.CodingAgent.Tests.Fakes;

/// <summary>
/// A loopback stand-in for the gateway's <c>PATCH /jobs/{id}</c>: checks the job's bearer token as
/// Clusters does (401 without, 403 wrong), records each report, and can answer 409 as for a job
/// that has ended (from a chosen report on) or 503 a number of times.
/// </summary>
public sealed class FakeBackend : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly Lock _gate = new();
    private readonly List<RecordedReport> _reports = [];
    private int _requests;
    private bool _ended;
    private bool _unavailable;

    private FakeBackend(string jobId, string token)
    {
        JobId = jobId;
        Token = token;
    }

    public string JobId { get; }

    public string Token { get; }

    public Uri Url { get; private set; } = null!;

    /// <summary>Every report answered 200 or 409, in arrival order.</summary>
    public IReadOnlyList<RecordedReport> Reports { get { lock (_gate) { return [.. _reports]; } } }

    /// <summary>Every PATCH received, refused ones included.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>When it returns true for a report, that report and all later ones get 409 (the job was cancelled).</summary>
    public Func<RecordedReport, bool>? EndWhen { get; set; }

    /// <summary>The body the gateway takes in front of Clusters (<c>Gateway:MaxRequestBodyBytes</c>); a larger one is answered 413.</summary>
    public long MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>When it returns true for a report, that report is taken (recorded) but answered 503 once, as a lost answer.</summary>
    public Func<RecordedReport, bool>? LoseAnswerOnce { get; set; }

    /// <summary>The next this many PATCHes answer 503.</summary>
    public int FailNext { get; set; }

    /// <summary>When it returns true for a report (answered as usual), every later PATCH answers 503: the backend went away.</summary>
    public Func<RecordedReport, bool>? UnavailableAfter { get; set; }

    /// <summary>Every log line received, in order.</summary>
    public IReadOnlyList<string> Lines => [.. Reports.Where(r => r.AnsweredWith == 200).SelectMany(r => r.Logs)];

    public static async Task<FakeBackend> StartAsync(string jobId = "job-1", string? token = null)
    {
        var backend = new FakeBackend(jobId, token ?? Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "c0ffee");
        (backend._app, backend.Url) = await LoopbackServer.StartAsync(app => app.MapPatch("/jobs/{id}", backend.PatchAsync));
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> PatchAsync(string id, HttpRequest request)
    {
        Interlocked.Increment(ref _requests);
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Results.Problem(statusCode: 401, title: "Job token required");
        }
        if (id != JobId || authorization["Bearer ".Length..] != Token)
        {
            return Results.Problem(statusCode: 403, title: "Wrong job token");
        }
        lock (_gate)
        {
            if (FailNext > 0 || _unavailable)
            {
                FailNext = Math.Max(0, FailNext - 1);
                return Results.Problem(statusCode: 503, title: "Redis unavailable");
            }
        }

        using var reader = new StreamReader(request.Body);
        var raw = await reader.ReadToEndAsync();
        if (System.Text.Encoding.UTF8.GetByteCount(raw) > MaxBodyBytes)
        {
            return Results.Problem(statusCode: 413, title: "Request body too large");
        }
        using var json = JsonDocument.Parse(raw);
        var root = json.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var logs = root.TryGetProperty("logs", out var array) ? array.EnumerateArray().Select(line => line.GetString()!).ToList() : [];
        var report = new RecordedReport(DateTimeOffset.UtcNow, Text("status"), logs, Text("pr_url"), Text("error"), Text("note"), raw, 200);

        lock (_gate)
        {
            _ended = _ended || (EndWhen?.Invoke(report) ?? false);
            _unavailable = UnavailableAfter?.Invoke(report) ?? false;
            if (!_ended && LoseAnswerOnce?.Invoke(report) == true)
            {
                LoseAnswerOnce = null;
                _reports.Add(report);
                return Results.Problem(statusCode: 503, title: "The answer was lost on the way back");
            }
            _reports.Add(report with { AnsweredWith = _ended ? 409 : 200 });
            if (_ended)
            {
                return Results.Problem(statusCode: 409, title: "Status change not allowed", detail: $"Job '{id}' has already ended as 'cancelled'.");
            }
        }
        return Results.Json(new { id, status = report.Status ?? "running" });
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Dashboard.Api;
using FeedbackFix.Dashboard.Components.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>
/// The gateway's job endpoints as a stub transport under the real <see cref="FeedbackFixClient"/>:
/// real JSON in the API's naming, real server-sent events text, and a record of every request.
/// </summary>
internal sealed class FakeApi : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpResponseMessage>> _follows = new();

    public FakeApi(AgentJob job) => Job = job;

    /// <summary>What GET /jobs/{id} answers; a test changes it to move the job on.</summary>
    public AgentJob Job { get; set; }

    /// <summary>The lines GET /jobs/{id}/logs pages through.</summary>
    public List<JobLogLine> Lines { get; } = [];

    public ConcurrentQueue<HttpRequestMessage> Requests { get; } = new();

    /// <summary>The answer of POST /jobs/{id}/retry and /cancel: a value or a problem.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage>? OnPost { get; set; }

    public FeedbackFixClient Client() =>
        new(new HttpClient(this) { BaseAddress = new Uri("http://gateway/") }, NullLogger<FeedbackFixClient>.Instance);

    /// <summary>The next answer to GET /jobs/{id}/logs?follow=true; without one, an empty stream.</summary>
    public void ThenFollow(Func<HttpResponseMessage> answer) => _follows.Enqueue(answer);

    public IReadOnlyList<HttpRequestMessage> Follows => [.. Requests.Where(r => r.RequestUri!.Query.Contains("follow=true", StringComparison.Ordinal))];

    public IReadOnlyList<HttpRequestMessage> Pages => [.. Requests.Where(r => r.RequestUri!.AbsolutePath.EndsWith("/logs", StringComparison.Ordinal)
        && !r.RequestUri.Query.Contains("follow=true", StringComparison.Ordinal))];

    public static JobLogLine Line(int n) => new($"{1_700_000_000_000 + n}-0", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + n), $"line {n}");

    public static string Events(IEnumerable<JobLogLine> lines) =>
        string.Concat(lines.Select(l => $"id: {l.Id}\ndata: {l.Line}\n\n"));

    public static HttpResponseMessage EventStream(string text) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(text, Encoding.UTF8, "text/event-stream"),
    };

    /// <summary>A stream that sends <paramref name="text"/> and then breaks, as a dropped connection does.</summary>
    public static HttpResponseMessage BrokenEventStream(string text) => new(HttpStatusCode.OK)
    {
        Content = new StreamContent(new BreakingStream(Encoding.UTF8.GetBytes(text))),
    };

    public static HttpResponseMessage Json<T>(T value, HttpStatusCode status = HttpStatusCode.OK) => new(status)
    {
        Content = new StringContent(JsonSerializer.Serialize(value, ApiJson.Options), Encoding.UTF8, "application/json"),
    };

    public static HttpResponseMessage Problem(HttpStatusCode status, string title, string detail) => new(status)
    {
        Content = new StringContent(JsonSerializer.Serialize(new { type = "about:blank", title, status = (int)status, detail }),
            Encoding.UTF8, "application/problem+json"),
    };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        var path = request.RequestUri!.AbsolutePath;
        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
        if (request.Method == HttpMethod.Post)
        {
            return Task.FromResult(OnPost?.Invoke(request) ?? new HttpResponseMessage(HttpStatusCode.NotFound));
        }
        if (path.EndsWith("/logs", StringComparison.Ordinal) && query["follow"] == "true")
        {
            return Task.FromResult(_follows.TryDequeue(out var answer) ? answer() : EventStream(""));
        }
        if (path.EndsWith("/logs", StringComparison.Ordinal))
        {
            var after = query["after"];
            var limit = int.Parse(query["limit"] ?? "200", System.Globalization.CultureInfo.InvariantCulture);
            var lines = Lines.Where(l => LogLineId.IsAfter(l.Id, after)).Take(limit).ToList();
            return Task.FromResult(Json(new JobLogsResponse(lines, lines.Count == limit ? lines[^1].Id : null)));
        }
        return Task.FromResult(Json(Job));
    }

    private sealed class BreakingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            base.Read(buffer, offset, count) is > 0 and var read ? read : throw new IOException("The connection was reset.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer, cancellationToken) is { IsCompletedSuccessfully: true, Result: > 0 } read
                ? read
                : throw new IOException("The connection was reset.");
    }

    public static AgentJob NewJob(JobStatus status, string launcher = "process") => new()
    {
        Id = "job-1",
        ClusterId = "cluster-1",
        Status = status,
        Attempt = 1,
        Launcher = launcher,
        RepoUrl = "https://github.com/acme/app",
        CreatedAt = new DateTimeOffset(2026, 12, 4, 11, 0, 0, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 12, 4, 11, 30, 0, TimeSpan.Zero),
    };
}

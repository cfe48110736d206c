using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Json;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace FeedbackFix.CodingAgent.Reporting;

/// <summary>
/// Sends the agent's reports to <c>PATCH {BACKEND_URL}/jobs/{id}</c> with the job's token. Every
/// report is masked and cut to the backend's limits here, the one way out, so no caller can leak
/// a token or have a report refused for its size: one whose body would pass <see cref="MaxReportBytes"/>
/// goes as several. Reports go one at a time, in order.
/// </summary>
internal sealed partial class JobReporter(HttpClient http, string jobId, string jobToken, SecretMasker masker, TimeProvider time, ILogger<JobReporter> logger)
{
    public const int MaxLinesPerReport = 1_000;
    public const int MaxLineLength = 8_192;
    public const int MaxTextLength = 4_000;

    /// <summary>
    /// A report's body stays under this, half of what the gateway takes (<c>Gateway:MaxRequestBodyBytes</c>,
    /// 256 KiB): a thousand lines of 8,192 characters would be megabytes, and a larger body is refused with 413.
    /// </summary>
    public const int MaxReportBytes = 128 * 1024;
    private const string Ellipsis = "…";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _sequence;
    private long _lastSentTicks = time.GetTimestamp();

    /// <summary>When the last report was accepted (or this reporter made); any report counts as a heartbeat.</summary>
    public TimeSpan SinceLastReport => time.GetElapsedTime(Interlocked.Read(ref _lastSentTicks));

    /// <summary>
    /// Sends one report. Throws <see cref="JobEndedException"/> on 409 and
    /// <see cref="JobReportException"/> when the backend refuses it or stays unreachable.
    /// </summary>
    public async Task SendAsync(JobReport report, CancellationToken cancellationToken)
    {
        var body = Clean(report);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var part in Parts(body))
            {
                await SendOneAsync(part, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The report as it is when its body is within <see cref="MaxReportBytes"/>; otherwise its lines in
    /// order over as many reports as they need, the last one carrying the rest of it (status, link, error,
    /// note), so a status follows the lines that led to it. A line is at most <see cref="MaxLineLength"/>
    /// characters, six bytes each at the most, so every line fits in a report of its own.
    /// </summary>
    internal static IEnumerable<JobReport> Parts(JobReport report)
    {
        if (report.Logs is not { Count: > 1 } lines || Bytes(report) <= MaxReportBytes)
        {
            yield return report;
            yield break;
        }

        var room = MaxReportBytes - Bytes(report with { Logs = [] });
        var part = new List<string?>();
        var used = 0;
        foreach (var line in lines)
        {
            // The line's JSON string and the comma before the next.
            var size = Bytes(line) + 1;
            if (part.Count > 0 && used + size > room)
            {
                yield return new JobReport(Logs: [.. part]);
                part.Clear();
                used = 0;
            }
            part.Add(line);
            used += size;
        }
        yield return report with { Logs = [.. part] };
    }

    // A report as sent: SendOneAsync numbers it, so its size counts the longest number.
    private static int Bytes(JobReport report) => JsonSerializer.SerializeToUtf8Bytes(report with { Sequence = long.MaxValue }, ApiJson.Options).Length;

    private static int Bytes(string? line) => JsonSerializer.SerializeToUtf8Bytes(line, ApiJson.Options).Length;

    private async Task SendOneAsync(JobReport report, CancellationToken cancellationToken)
    {
        // Numbered once, so the client's retries of it carry the same number: a retry of a report whose
        // answer was lost (applied, then a timeout or a 5xx on the way back) is not applied twice.
        var body = report with { Sequence = ++_sequence };
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"jobs/{Uri.EscapeDataString(jobId)}")
        {
            Content = JsonContent.Create(body, options: ApiJson.Options),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jobToken);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new JobReportException($"the backend could not be reached: {e.Message}", isTransient: true, e);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Exchange(ref _lastSentTicks, time.GetTimestamp());
                LogReported(body.Logs?.Count ?? 0, body.Status ?? "(unchanged)");
                return;
            }

            var detail = await ProblemDetailAsync(response, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                throw new JobEndedException(detail ?? "the job has already ended");
            }
            var status = (int)response.StatusCode;
            throw new JobReportException(
                $"the backend answered {status} to the job report{(detail is null ? "" : $": {detail}")}",
                isTransient: status >= 500);
        }
    }

    /// <summary>
    /// The client for the backend: transient failures (no connection, a timeout, 5xx) are retried
    /// with exponential back-off; a 4xx is an answer and is not.
    /// </summary>
    public static HttpClient CreateHttpClient(Uri backendUrl, ReportRetry retry, TimeProvider time)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries,
                Delay = retry.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } answer } => (int)answer.StatusCode >= 500,
                    _ => false,
                }),
            })
            .AddTimeout(retry.AttemptTimeout)
            .Build();

        // BACKEND_URL may carry a path prefix; a trailing slash keeps it when "jobs/{id}" is resolved.
        var baseAddress = backendUrl.AbsoluteUri.EndsWith('/') ? backendUrl : new Uri(backendUrl.AbsoluteUri + "/");
        return new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = baseAddress,
            // The pipeline's own timeouts bound every attempt; the client's would cut the retries short.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    private JobReport Clean(JobReport report) => report with
    {
        Logs = report.Logs is null ? null : [.. report.Logs.Take(MaxLinesPerReport).Select(line => Cut(masker.Apply(line ?? ""), MaxLineLength))],
        Error = report.Error is null ? null : Cut(masker.Apply(report.Error), MaxTextLength),
        Note = report.Note is null ? null : Cut(masker.Apply(report.Note), MaxTextLength),
    };

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - Ellipsis.Length), Ellipsis);

    private static async Task<string?> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            foreach (var field in (ReadOnlySpan<string>)["detail", "title"])
            {
                if (problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or HttpRequestException)
        {
            // Not a problem document (a proxy's HTML page, an empty body): the status code says enough.
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reported {LineCount} log lines and status {JobStatus}")]
    private partial void LogReported(int lineCount, string jobStatus);
}

using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Contracts.Sources;
using FeedbackFix.Contracts.Stats;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Polly;

namespace FeedbackFix.Dashboard.Api;

/// <summary>
/// The dashboard's one way to the system: the gateway's API, in the contract's shapes. Every call
/// answers an <see cref="ApiResult{T}"/>: the value, or the API's problem in its own words, or
/// that the gateway could not be reached. Nothing here decides anything the API decides. When a
/// person is signed in, each call names them to the API (<see cref="SignedInPerson"/>), so a
/// cluster's activity says who acted.
/// </summary>
public sealed partial class FeedbackFixClient(
    HttpClient http, ILogger<FeedbackFixClient> logger, AuthenticationStateProvider? signIn = null, IHttpClientFactory? clients = null)
{
    /// <summary>The client a followed job log is read over: the key, and no timeouts or retries (the caller resumes).</summary>
    public const string StreamClientName = "feedbackfix-stream";

    public Task<ApiResult<StatsResponse>> GetStatsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<StatsResponse>("stats", cancellationToken);

    public Task<ApiResult<Page<IssueCluster>>> ListClustersAsync(ClusterQuery query, CancellationToken cancellationToken = default) =>
        GetAsync<Page<IssueCluster>>(WithQuery("clusters", query.ToParameters()), cancellationToken);

    public Task<ApiResult<ClusterDetailResponse>> GetClusterAsync(string id, string? itemsCursor = null, int? itemsLimit = null, CancellationToken cancellationToken = default) =>
        GetAsync<ClusterDetailResponse>(WithQuery($"clusters/{Escape(id)}", new()
        {
            ["items_cursor"] = itemsCursor,
            ["items_limit"] = itemsLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }), cancellationToken);

    public Task<ApiResult<IReadOnlyList<SimilarCluster>>> GetSimilarClustersAsync(string id, int limit, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<SimilarCluster>>($"clusters/{Escape(id)}/similar?limit={limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}", cancellationToken);

    public Task<ApiResult<IssueCluster>> PatchClusterAsync(string id, ClusterPatch patch, CancellationToken cancellationToken = default) =>
        SendAsync<IssueCluster>(HttpMethod.Patch, $"clusters/{Escape(id)}", patch, cancellationToken);

    public Task<ApiResult<FixStarted>> StartFixAsync(string id, StartFixRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<FixStarted>(HttpMethod.Post, $"clusters/{Escape(id)}/start_fix", request, cancellationToken);

    /// <summary>The reports of <paramref name="id"/> join <paramref name="into"/>; answers the target.</summary>
    public Task<ApiResult<IssueCluster>> MergeClusterAsync(string id, string into, CancellationToken cancellationToken = default) =>
        SendAsync<IssueCluster>(HttpMethod.Post, $"clusters/{Escape(id)}/merge", new MergeRequest(into), cancellationToken);

    /// <summary>Undoes the merge of <paramref name="id"/>, a merged-away cluster; answers it as it came back.</summary>
    public Task<ApiResult<IssueCluster>> UnmergeClusterAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<IssueCluster>(HttpMethod.Post, $"clusters/{Escape(id)}/unmerge", null, cancellationToken);

    /// <summary>Moves reports into <paramref name="into"/> from wherever they are; answers the target.</summary>
    public Task<ApiResult<IssueCluster>> MoveReportsAsync(string into, IReadOnlyList<string> feedbackIds, CancellationToken cancellationToken = default) =>
        SendAsync<IssueCluster>(HttpMethod.Post, $"clusters/{Escape(into)}/items", new MoveItemsRequest(feedbackIds), cancellationToken);

    /// <summary>Splits reports out into a new cluster titled <paramref name="title"/>; answers the new cluster.</summary>
    public Task<ApiResult<IssueCluster>> SplitReportsAsync(IReadOnlyList<string> feedbackIds, string title, CancellationToken cancellationToken = default) =>
        SendAsync<IssueCluster>(HttpMethod.Post, "clusters", new SplitRequest(feedbackIds, title), cancellationToken);

    public Task<ApiResult<IReadOnlyList<ClusterActivity>>> GetClusterActivityAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ClusterActivity>>($"clusters/{Escape(id)}/activity", cancellationToken);

    public Task<ApiResult<Page<AgentJob>>> ListClusterJobsAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<Page<AgentJob>>($"clusters/{Escape(id)}/jobs?limit=20", cancellationToken);

    public Task<ApiResult<Page<AgentJob>>> ListJobsAsync(JobStatus? status, string? cursor, int limit, CancellationToken cancellationToken = default) =>
        GetAsync<Page<AgentJob>>(WithQuery("jobs", new()
        {
            ["status"] = status?.ToApiName(),
            ["cursor"] = cursor,
            ["limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }), cancellationToken);

    public Task<ApiResult<AgentJob>> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<AgentJob>($"jobs/{Escape(id)}", cancellationToken);

    public Task<ApiResult<AgentJob>> CancelJobAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<AgentJob>(HttpMethod.Post, $"jobs/{Escape(id)}/cancel", null, cancellationToken);

    public Task<ApiResult<FixStarted>> RetryJobAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<FixStarted>(HttpMethod.Post, $"jobs/{Escape(id)}/retry", null, cancellationToken);

    public Task<ApiResult<JobLogsResponse>> GetJobLogsAsync(string id, string? after, int limit, CancellationToken cancellationToken = default) =>
        GetAsync<JobLogsResponse>(WithQuery($"jobs/{Escape(id)}/logs", new()
        {
            ["after"] = after,
            ["limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }), cancellationToken);

    /// <summary>
    /// The job's log lines as the agent reports them (the API's server-sent events), from after
    /// <paramref name="lastEventId"/>; ends when the job ends or the stream drops. The caller
    /// resumes from the last line it got, as an EventSource would with Last-Event-ID.
    /// </summary>
    public async IAsyncEnumerable<JobLogLine> FollowJobLogsAsync(string id, string? lastEventId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"jobs/{Escape(id)}/logs?follow=true");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var streams = clients?.CreateClient(StreamClientName) ?? http;
        using var response = await streams.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            if (item.EventId is { Length: > 0 } eventId)
            {
                yield return new JobLogLine(eventId, TimeOf(eventId), item.Data);
            }
        }
    }

    public Task<ApiResult<Page<FeedbackItem>>> ListFeedbackAsync(FeedbackSource? source, bool? unclustered, string? cursor, int limit, CancellationToken cancellationToken = default) =>
        GetAsync<Page<FeedbackItem>>(WithQuery("feedback", new()
        {
            ["source"] = source?.ToApiName(),
            ["unclustered"] = unclustered is { } flag ? (flag ? "true" : "false") : null,
            ["cursor"] = cursor,
            ["limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }), cancellationToken);

    public Task<ApiResult<IngestResult>> IngestManualAsync(ManualFeedbackRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<IngestResult>(HttpMethod.Post, "ingest/manual", request, cancellationToken);

    public Task<ApiResult<SubredditList>> ListSubredditsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<SubredditList>("config/reddit/subreddits", cancellationToken);

    public Task<ApiResult<SubredditResponse>> AddSubredditAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<SubredditResponse>(HttpMethod.Post, "config/reddit/subreddits", new SubredditRequest(name), cancellationToken);

    public Task<ApiResult<bool>> RemoveSubredditAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<bool>(HttpMethod.Delete, $"config/reddit/subreddits/{Escape(name)}", null, cancellationToken);

    public Task<ApiResult<FeedbackItem>> GetFeedbackAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<FeedbackItem>($"feedback/{Escape(id)}", cancellationToken);

    public Task<ApiResult<WebhookList>> ListWebhooksAsync(CancellationToken cancellationToken = default) =>
        GetAsync<WebhookList>("config/webhooks", cancellationToken);

    public Task<ApiResult<RepositoryMapping>> GetRepositoriesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<RepositoryMapping>("config/repositories", cancellationToken);

    /// <summary>Replaces the whole mapping, only if it is still <paramref name="version"/> (else a 412 problem).</summary>
    public Task<ApiResult<RepositoryMapping>> ReplaceRepositoriesAsync(RepositoryMapping mapping, long? version, CancellationToken cancellationToken = default) =>
        SendAsync<RepositoryMapping>(HttpMethod.Put, "config/repositories", mapping with { Version = null }, cancellationToken, IfMatch(version));

    public Task<ApiResult<ClusteringSettings>> GetClusteringSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<ClusteringSettings>("config/clustering", cancellationToken);

    /// <summary>Sets every threshold, only if they are still <paramref name="version"/> (else a 412 problem); needs an Admin-scope key.</summary>
    public Task<ApiResult<ClusteringSettings>> ReplaceClusteringSettingsAsync(ClusteringSettings settings, long? version, CancellationToken cancellationToken = default) =>
        SendAsync<ClusteringSettings>(HttpMethod.Put, "config/clustering",
            settings with { Source = null, Version = null, UpdatedAt = null, Editable = null }, cancellationToken, IfMatch(version));

    private static string? IfMatch(long? version) =>
        version is { } v ? $"\"{v.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"" : null;

    private Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (await SignedInPerson.NameAsync(signIn) is { } person)
        {
            request.Headers.TryAddWithoutValidation(ApiHeaders.OnBehalfOf, person);
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ApiJson.Options);
        }
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return await ReadProblemAsync(response, cancellationToken);
            }
            if (typeof(T) == typeof(bool))
            {
                return (ApiResult<T>)(object)new ApiResult<bool>(true, null);
            }
            return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken) is { } value
                ? value
                : ApiProblem.NoAnswer($"{method} /{path} answered {(int)response.StatusCode} without a body.");
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or ExecutionRejectedException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnreachable(method.Method, path, exception.Message);
            // A read comes again with the page's next refresh; an action is sent once, and may have been done.
            return ApiProblem.NoAnswer(method == HttpMethod.Get
                ? "The gateway did not answer; the page tries again by itself."
                : "The gateway did not answer, so this may or may not have been done: reload the page to see before trying again.");
        }
    }

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(ApiJson.Options, cancellationToken);
            return new ApiProblem(status, problem?.Title ?? response.ReasonPhrase ?? $"HTTP {status}", problem?.Detail,
                problem?.Errors ?? new Dictionary<string, string[]>())
            {
                Extensions = problem?.Extensions ?? new Dictionary<string, JsonElement>(),
            };
        }
        catch (JsonException)
        {
            return new ApiProblem(status, response.ReasonPhrase ?? $"HTTP {status}", null, new Dictionary<string, string[]>());
        }
    }

    private static string WithQuery(string path, Dictionary<string, string?> parameters) =>
        QueryHelpers.AddQueryString(path, parameters.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, StringValues>(p.Key, p.Value)));

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    /// <summary>A log line's id is its Redis stream id: the milliseconds it was written, a dash, a sequence.</summary>
    private static DateTimeOffset TimeOf(string eventId) =>
        long.TryParse(eventId.AsSpan(0, Math.Max(0, eventId.IndexOf('-', StringComparison.Ordinal))), out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UnixEpoch;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The gateway did not answer {Method} /{Path}: {Reason}")]
    private partial void LogUnreachable(string method, string path, string reason);

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors)
    {
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Extensions { get; init; }
    }
}

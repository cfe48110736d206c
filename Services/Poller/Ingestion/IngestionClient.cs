using System.Net;
using System.Net.Http.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Poller.Reddit;

namespace FeedbackFix.Poller.Ingestion;

/// <summary>
/// Sends posts to Ingestion's <c>POST /ingest/reddit</c> at <c>http://ingestion</c> (service
/// discovery). Its HttpClient keeps the standard resilience handler: the call is idempotent
/// (Ingestion dedupes on the fullname), so retrying a 5xx or a timeout cannot store a post twice.
/// </summary>
internal sealed class IngestionClient(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "ingestion";
    public const string BaseAddress = "http://ingestion";
    public const string Path = "/ingest/reddit";
    public const int MaxBatchSize = 100;

    public async Task<RedditBatchResponse> PostAsync(IReadOnlyList<RedditPost> posts, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(posts.Count, MaxBatchSize);
        var http = httpClients.CreateClient(HttpClientName);
        using var response = await http.PostAsJsonAsync(Path, new RedditPostBatch(posts), ApiJson.Options, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            throw new IngestionRejectedException(await response.Content.ReadAsStringAsync(cancellationToken));
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<RedditBatchResponse>(ApiJson.Options, cancellationToken)
            ?? throw new HttpRequestException("Ingestion answered 200 without a body.");
    }
}

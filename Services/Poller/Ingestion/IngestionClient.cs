using System.Net;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Json;

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

    /// <summary>
    /// A batch's JSON stays under this, half of the request body Ingestion takes (256 KiB): a post's
    /// selftext may be 40,000 characters, so a hundred of them would not fit in one request.
    /// </summary>
    public const int MaxBatchBytes = 128 * 1024;

    // Text as UTF-8 rather than \uXXXX escapes (six bytes for each non-ASCII character): the body is
    // read by Ingestion, never embedded in HTML, so the encoder's HTML-safe escaping buys nothing here.
    private static readonly JsonSerializerOptions Json = new(ApiJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The posts in order, in batches of at most <see cref="MaxBatchSize"/> posts and
    /// <see cref="MaxBatchBytes"/> of JSON; a post larger than that alone goes in a batch of its own.
    /// </summary>
    public static IEnumerable<RedditPost[]> Batches(IEnumerable<RedditPost> posts)
    {
        // {"posts":[...]} around the posts, and a comma between two.
        const int envelope = 12;
        var batch = new List<RedditPost>(MaxBatchSize);
        var bytes = envelope;
        foreach (var post in posts)
        {
            var size = JsonSerializer.SerializeToUtf8Bytes(post, Json).Length + 1;
            if (batch.Count > 0 && (batch.Count == MaxBatchSize || bytes + size > MaxBatchBytes))
            {
                yield return [.. batch];
                batch.Clear();
                bytes = envelope;
            }
            batch.Add(post);
            bytes += size;
        }
        if (batch.Count > 0)
        {
            yield return [.. batch];
        }
    }

    public async Task<RedditBatchResponse> PostAsync(IReadOnlyList<RedditPost> posts, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(posts.Count, MaxBatchSize);
        var http = httpClients.CreateClient(HttpClientName);
        using var response = await http.PostAsJsonAsync(Path, new RedditPostBatch(posts), Json, cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge)
        {
            // Sent again as it is, the batch would be refused again: a post in it is unusable, or the
            // batch is larger than Ingestion takes. Either way the posts are sent again one by one.
            throw new IngestionRejectedException((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<RedditBatchResponse>(ApiJson.Options, cancellationToken)
            ?? throw new HttpRequestException("Ingestion answered 200 without a body.");
    }
}

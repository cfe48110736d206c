using FeedbackFix.Domain.Model;

namespace FeedbackFix.Poller.Ingestion;

/// <summary>The body of Ingestion's <c>POST /ingest/reddit</c> batch form: <c>{"posts":[...]}</c>, 1-100 posts.</summary>
internal sealed record IngestBatchRequest(IReadOnlyList<RedditPost> Posts);

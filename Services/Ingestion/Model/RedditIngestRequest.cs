using System.Text.Json.Serialization;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Ingestion.Model;

/// <summary>
/// The body of <c>POST /ingest/reddit</c>: one post object, or <c>{"posts": [...]}</c>.
/// <see cref="IsBatch"/> says which, since the two are answered differently.
/// </summary>
[JsonConverter(typeof(RedditIngestRequestConverter))]
public sealed record RedditIngestRequest(IReadOnlyList<RedditPost?> Posts, bool IsBatch);

using System.Text.Json;
using System.Text.Json.Serialization;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Ingestion.Model;

/// <summary>
/// Reads a <see cref="RedditIngestRequest"/>: an object with a "posts" property is a batch,
/// any other object is a single post. Errors keep their JSON path ("$.posts[3].title").
/// </summary>
public sealed class RedditIngestRequestConverter : JsonConverter<RedditIngestRequest>
{
    private const string PostsProperty = "posts";

    public override RedditIngestRequest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a Reddit post object or {\"posts\": [...]}.");
        }

        if (HasPostsProperty(reader))
        {
            var batch = JsonSerializer.Deserialize<RedditPostBatch>(ref reader, options);
            return new RedditIngestRequest(batch?.Posts ?? [], IsBatch: true);
        }

        var post = JsonSerializer.Deserialize<RedditPost>(ref reader, options);
        return new RedditIngestRequest([post], IsBatch: false);
    }

    public override void Write(Utf8JsonWriter writer, RedditIngestRequest value, JsonSerializerOptions options) =>
        throw new NotSupportedException("A Reddit ingest request is only ever read.");

    // The reader is a struct: this looks ahead on a copy and leaves the caller's position alone.
    // The serializer buffers a custom converter's whole value first, so TrySkip always succeeds;
    // Skip would throw on a streamed (not final) block.
    private static bool HasPostsProperty(Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(PostsProperty))
                {
                    return true;
                }
                if (!reader.Read() || !reader.TrySkip())
                {
                    return false;
                }
            }
        }
        return false;
    }
}

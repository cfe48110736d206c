using FeedbackFix.Contracts.Feedback;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedbackFix.Ingestion.Model;

/// <summary>
/// Describes <see cref="RedditIngestRequest"/> as what is sent, not as the record it is read into:
/// one Reddit post, or <c>{"posts": [...]}</c>.
/// </summary>
internal sealed class RedditIngestRequestSchema : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(RedditIngestRequest))
        {
            return;
        }
        schema.Type = null;
        schema.Properties = null;
        schema.Required = null;
        schema.Description = $"One Reddit post (a listing entry's data object), or {{\"posts\": [...]}} of 1-{Ingest.RedditPostMapper.MaxBatchSize} posts.";
        schema.AnyOf =
        [
            await context.GetOrCreateSchemaAsync(typeof(RedditPost), null, cancellationToken),
            await context.GetOrCreateSchemaAsync(typeof(RedditPostBatch), null, cancellationToken),
        ];
    }
}

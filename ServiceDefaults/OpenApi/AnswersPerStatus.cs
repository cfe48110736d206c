using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedbackFix.ServiceDefaults.OpenApi;

/// <summary>
/// An operation that answers one status with bodies of different types (a single Reddit post's
/// <c>IngestResult</c> or a batch's <c>RedditBatchResponse</c>, both 201) is described with every one of
/// them, as a oneOf: the generated description otherwise keeps only one per status.
/// </summary>
internal sealed class AnswersPerStatus : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var answers = context.Description.ActionDescriptor.EndpointMetadata
            .OfType<IProducesResponseTypeMetadata>()
            .Where(answer => answer.Type is { } type && type != typeof(void) && !typeof(IResult).IsAssignableFrom(type))
            .GroupBy(answer => answer.StatusCode);
        foreach (var status in answers)
        {
            var types = status.Select(answer => answer.Type!).Distinct().ToList();
            var key = status.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (types.Count < 2 || operation.Responses is null || !operation.Responses.TryGetValue(key, out var answer)
                || answer is not OpenApiResponse { Content: { } content } || !content.TryGetValue("application/json", out var json))
            {
                continue;
            }
            var schemas = new List<IOpenApiSchema>();
            foreach (var type in types)
            {
                schemas.Add(await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
            }
            json.Schema = new OpenApiSchema { OneOf = schemas };
        }
    }
}

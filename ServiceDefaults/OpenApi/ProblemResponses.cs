using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedbackFix.ServiceDefaults.OpenApi;

/// <summary>
/// The problem-details answers every operation can give, whatever its handler returns: 400 when a
/// parameter does not bind, 413 and 415 for a body too large or not JSON (operations that take one),
/// and 503 with Retry-After while Redis is unreachable.
/// </summary>
internal sealed class ProblemResponses : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ParameterDescriptions.Count > 0)
        {
            await AddAsync(operation, context, StatusCodes.Status400BadRequest, "A parameter or the body is not valid; the problem names it.", cancellationToken);
        }
        if (operation.RequestBody is not null)
        {
            await AddAsync(operation, context, StatusCodes.Status413PayloadTooLarge, "The request body is larger than this endpoint accepts.", cancellationToken);
            await AddAsync(operation, context, StatusCodes.Status415UnsupportedMediaType, "The request body must be JSON, sent with Content-Type: application/json.", cancellationToken);
        }
        await AddAsync(operation, context, StatusCodes.Status503ServiceUnavailable, "The store is unreachable; retry after Retry-After seconds.", cancellationToken);
        ResponseHeaders.Add(operation, StatusCodes.Status503ServiceUnavailable, "Retry-After", ResponseHeaders.RetryAfterDescription, JsonSchemaType.Integer);
    }

    /// <summary>Adds a problem-details answer for <paramref name="status"/> unless the operation already describes one.</summary>
    public static async Task AddAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key))
        {
            return;
        }
        var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = schema },
            },
        };
    }
}

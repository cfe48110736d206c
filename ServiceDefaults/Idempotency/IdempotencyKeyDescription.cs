using FeedbackFix.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedbackFix.ServiceDefaults.Idempotency;

/// <summary>On each operation that honours <c>Idempotency-Key</c>: the header, and its 409 and 422 answers.</summary>
internal sealed class IdempotencyKeyDescription : IOpenApiOperationTransformer
{
    internal const string Description =
        "Optional. 1-255 visible ASCII characters, such as a UUID. A repeat with the same key, path and body within 24 hours " +
        "answers the first success again (same status, body and Location, with Idempotent-Replayed: true) and does nothing else; " +
        "the same key with another body is 422; a repeat while the first is still running is 409 with Retry-After. " +
        "A refused or failed request (400 or above) keeps nothing, so its key may be retried.";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotencyKeyMetadata>().Any())
        {
            return;
        }
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyKeys.HeaderName,
            In = ParameterLocation.Header,
            Required = false,
            Description = Description,
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MinLength = 1,
                MaxLength = IdempotencyKeys.MaxLength,
                Pattern = "^[\\x21-\\x7E]+$",
            },
        });
        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status409Conflict,
            "A request with this Idempotency-Key is still in progress (retry after Retry-After seconds).", cancellationToken);
        ResponseHeaders.Add(operation, StatusCodes.Status409Conflict, "Retry-After", ResponseHeaders.RetryAfterDescription, JsonSchemaType.Integer);
        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status422UnprocessableEntity,
            "This Idempotency-Key was used for a different request.", cancellationToken);
        foreach (var success in operation.Responses!.Keys.Where(status => status.StartsWith('2')).ToList())
        {
            ResponseHeaders.Add(operation, int.Parse(success, System.Globalization.CultureInfo.InvariantCulture), IdempotencyKeys.ReplayedHeaderName,
                "true when this answer is the first answer to a request with the same Idempotency-Key, given again; nothing was done again.");
        }
    }
}

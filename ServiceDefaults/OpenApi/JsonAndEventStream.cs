using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedbackFix.ServiceDefaults.OpenApi;

/// <summary>
/// For an endpoint whose 200 is JSON or, when asked, server-sent events: the generator keeps only
/// one of the two (both are 200), so this describes both.
/// </summary>
public static class JsonAndEventStream
{
    /// <summary>An operation transformer: the 200 is <typeparamref name="TJson"/> as JSON, or text/event-stream.</summary>
    public static async Task DescribeAsync<TJson>(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        if (!operation.Responses.TryGetValue("200", out var found) || found is not OpenApiResponse ok)
        {
            operation.Responses["200"] = ok = new OpenApiResponse { Description = "OK" };
        }
        ok.Content ??= new Dictionary<string, OpenApiMediaType>();
        ok.Content["application/json"] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(typeof(TJson), null, cancellationToken) };
        ok.Content["text/event-stream"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "A stream of server-sent events, each with an id: and a data: line.",
            },
        };
    }
}

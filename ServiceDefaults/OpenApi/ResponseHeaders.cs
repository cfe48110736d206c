using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace FeedbackFix.ServiceDefaults.OpenApi;

/// <summary>The response headers the API description names: the one way an answer's header is described.</summary>
public static class ResponseHeaders
{
    public const string RetryAfterDescription = "Seconds to wait before trying again.";

    /// <summary>Describes header <paramref name="name"/> on the operation's answer <paramref name="status"/>, if it has that answer.</summary>
    public static void Add(OpenApiOperation operation, int status, string name, string description, JsonSchemaType type = JsonSchemaType.String)
    {
        if (operation.Responses?.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture)) is not OpenApiResponse response)
        {
            return;
        }
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
    }

    /// <summary>
    /// The endpoint's 200 answers carry the stored version as an <c>ETag</c> (<see cref="Validation.VersionTags"/>),
    /// which a later PUT names in If-Match.
    /// </summary>
    public static RouteHandlerBuilder AnswersWithVersionTag(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            Add(operation, StatusCodes.Status200OK, "ETag",
                "The version of what the answer holds, in quotes (such as \"3\"): send it as If-Match with a change, so the change is refused (412) if someone changed it since.");
            return Task.CompletedTask;
        });
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;
using FeedbackFix.Gateway.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>
/// GET /openapi/v1.json  the merged OpenAPI document of every route the gateway forwards
/// GET /docs             the interactive reference over it (Scalar, its script served from here)
/// Both are open to anyone, like the API's description should be; the API itself still needs the key.
/// </summary>
public static class ApiReferenceEndpoints
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/docs";

    /// <summary>Seconds a client is told to wait after a 503: about the time a restarting service takes.</summary>
    private const int RetryAfterSeconds = 5;

    /// <summary>Maps the merged document and the reference page, both without the API key.</summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapGet(DocumentPath, GetDocumentAsync).AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle(OpenApiMerger.Title)
            .WithOpenApiRoutePattern(DocumentPath)
            // Scalar serves its standalone script itself (ScalarStaticAssets); these are the parts
            // that would still reach its servers: fonts from its CDN, usage telemetry, the AI agent.
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            // The developer toolbar advertises Scalar's hosted services (deploy, SDK generation).
            .HideDeveloperTools()
            .AddPreferredSecuritySchemes([GatewayServiceExtensions.ApiKeyScheme]))
            .AllowAnonymous();
        return app;
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetDocumentAsync(
        HttpRequest request,
        HttpResponse response,
        MergedDocumentProvider provider,
        IOptionsMonitor<OpenApiDocumentOptions> options,
        CancellationToken cancellationToken)
    {
        var description = await provider.GetAsync(cancellationToken);
        if (description.Document is not { } document)
        {
            // Never part of a document: a client would take the missing operations for missing features.
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            response.Headers.CacheControl = "no-store";
            var failed = string.Join("; ", description.Failures.Select(failure => $"{failure.Service}: {failure.Reason}"));
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "API description unavailable",
                detail: $"The API description is merged from every service's own document, and these could not be used ({failed}). " +
                    "Retry after the number of seconds in Retry-After.");
        }
        return TypedResults.Bytes(WithServer(document, ServerUrl(request, options.CurrentValue)), "application/json");
    }

    /// <summary>
    /// The configured public URL, else the address this request came to. The cached document holds
    /// no server, so a client's Host header only ever shapes its own answer.
    /// </summary>
    private static string ServerUrl(HttpRequest request, OpenApiDocumentOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : options.PublicUrl.TrimEnd('/');

    /// <summary>The document with its one "servers" entry, the gateway, written after "info".</summary>
    private static byte[] WithServer(JsonElement document, string server)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in document.EnumerateObject())
            {
                property.WriteTo(writer);
                if (property.NameEquals("info"))
                {
                    writer.WriteStartArray("servers");
                    writer.WriteStartObject();
                    writer.WriteString("url", server);
                    writer.WriteString("description", "The gateway: every path here is reached through it.");
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                }
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}

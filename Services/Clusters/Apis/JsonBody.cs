using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace FeedbackFix.Clusters.Apis;

/// <summary>
/// Reads a JSON body by hand, for an endpoint that must check something (a token) before it
/// says anything about the body. Failures throw as the framework's own binding would, so the
/// shared problem-details handler words them the same way (the field, 415, ...).
/// </summary>
internal static class JsonBody
{
    public static async Task<T?> ReadOptionalAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        if (!canHaveBody || request.ContentLength == 0)
        {
            return null;
        }
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("Expected a JSON body.", StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            return await request.ReadFromJsonAsync<T>(cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException("The JSON body could not be read.", StatusCodes.Status400BadRequest, exception);
        }
    }
}

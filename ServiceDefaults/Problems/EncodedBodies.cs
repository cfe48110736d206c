using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace FeedbackFix.ServiceDefaults.Problems;

/// <summary>
/// A request body in a content coding (gzip, br, deflate) sent to an endpoint that reads a body is
/// answered 415 with <c>Accept-Encoding: identity</c>, as HTTP asks of a server that does not take the
/// coding: the services read bodies as sent, and a compressed one would otherwise be read as JSON and
/// refused as malformed, or taken as it stands. An endpoint that reads a body says so
/// (<see cref="IAcceptsMetadata"/>: a bound body, or <c>Accepts</c> as the webhooks declare); the
/// gateway's proxied routes do not, so the gateway forwards such a request after its own checks (CORS,
/// limits, the key) and the service behind it answers.
/// </summary>
internal static class EncodedBodies
{
    internal static async Task RefuseAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Headers.ContentEncoding.Any(IsACoding) &&
            context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true } &&
            context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is not null)
        {
            context.Response.Headers.AcceptEncoding = "identity";
            await ProblemAnswers.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Content-Encoding",
                $"The request body must be sent as it is, without Content-Encoding (this one is '{Shown(context.Request.Headers.ContentEncoding.ToString())}').");
            return;
        }
        await next(context);
    }

    // The sender's own header, echoed no longer than a coding's name needs.
    private static string Shown(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static bool IsACoding(string? value) =>
        value is not null && value.Split(',').Any(coding => coding.Trim() is { Length: > 0 } name && !name.Equals("identity", StringComparison.OrdinalIgnoreCase));
}

using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace FeedbackFix.Gateway.Limits;

/// <summary>
/// Bodies over the limit get 413 problem details: at once when Content-Length says so, and
/// when a chunked body runs over while it is being forwarded (Kestrel stops reading it).
/// </summary>
internal static class RequestBodyLimit
{
    public static async Task EnforceAsync(HttpContext context, Func<Task> next)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await WriteTooLargeAsync(context, limit);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        await next();

        if (!context.Response.HasStarted &&
            context.Features.Get<IForwarderErrorFeature>()?.Exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await WriteTooLargeAsync(context, limit);
        }
    }

    private static async Task WriteTooLargeAsync(HttpContext context, long limit)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = $"The request body is larger than the {limit} bytes the API accepts.",
            },
        });
    }
}

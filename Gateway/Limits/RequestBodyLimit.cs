using FeedbackFix.Gateway.Extensions;
using FeedbackFix.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace FeedbackFix.Gateway.Limits;

/// <summary>
/// Bodies over the limit get 413 problem details: at once when Content-Length says so, and
/// when a chunked body runs over while it is being forwarded (Kestrel stops reading it). Either
/// way the refusal is one Information line without an exception: the client sent too much, the
/// gateway did nothing wrong (<see cref="ForwarderErrorLogging"/> keeps YARP's stack trace out).
/// </summary>
internal static partial class RequestBodyLimit
{
    public static async Task EnforceAsync(HttpContext context, Func<Task> next)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await RefuseAsync(context, limit);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        await next();

        if (!context.Response.HasStarted && IsTooLarge(context.Features.Get<IForwarderErrorFeature>()?.Exception))
        {
            await RefuseAsync(context, limit);
        }
    }

    /// <summary>Whether a forwarding error is Kestrel refusing a body over its limit (alone or inside an aggregate).</summary>
    public static bool IsTooLarge(Exception? exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTooLarge),
        { InnerException: { } inner } => IsTooLarge(inner),
        _ => false,
    };

    private static async Task RefuseAsync(HttpContext context, long limit)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestBodyLimit).FullName!);
        LogRefused(logger, context.Request.Method, context.Request.Path, limit);
        context.Response.Clear();
        await ProblemAnswers.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"The request body is larger than the {limit} bytes the API accepts.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused the request body of {Method} {Path}: over the {LimitBytes} bytes the API accepts (413)")]
    private static partial void LogRefused(ILogger logger, string method, string path, long limitBytes);
}

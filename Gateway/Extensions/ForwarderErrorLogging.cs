using FeedbackFix.Gateway.Limits;
using Yarp.ReverseProxy.Forwarder;

namespace FeedbackFix.Gateway.Extensions;

/// <summary>
/// YARP's forwarder logs every forwarding error at Warning with its exception, a body the client
/// sent over the limit included: a stack trace for each oversized chunked body. Its log category
/// is muted, and the gateway logs the error it leaves in <see cref="IForwarderErrorFeature"/>
/// instead: a refused body once, as one line, by <see cref="RequestBodyLimit"/>; a request the
/// client cancelled at Debug without the exception, as YARP does; every other error (a backend
/// down or failing mid-body) at Warning with its exception, as before.
/// </summary>
internal static partial class ForwarderErrorLogging
{
    /// <summary>The category YARP's forwarder logs under (its class is internal).</summary>
    public const string ForwarderCategory = "Yarp.ReverseProxy.Forwarder.HttpForwarder";

    /// <summary>Mutes the forwarder's own entries (errors, and per-request lines that are Information at most).</summary>
    public static ILoggingBuilder MuteForwarderLog(this ILoggingBuilder logging) => logging.AddFilter(ForwarderCategory, LogLevel.None);

    /// <summary>Proxy pipeline step: logs the forwarding error, if any, once the forwarder is done.</summary>
    public static async Task LogAsync(HttpContext context, Func<Task> next)
    {
        await next();

        if (context.Features.Get<IForwarderErrorFeature>() is not { } failure || RequestBodyLimit.IsTooLarge(failure.Exception))
        {
            return;
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ForwarderErrorLogging).FullName!);
        if (failure.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.UpgradeRequestCanceled)
        {
            LogCanceled(logger, failure.Error, context.Request.Method, context.Request.Path);
        }
        else
        {
            LogFailed(logger, failure.Error, context.Request.Method, context.Request.Path, failure.Exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Error}: the client cancelled {Method} {Path} while it was forwarded")]
    private static partial void LogCanceled(ILogger logger, ForwarderError error, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Error}: forwarding {Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, ForwarderError error, string method, string path, Exception? exception);
}

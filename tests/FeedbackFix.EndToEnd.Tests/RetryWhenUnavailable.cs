using System.Net;

namespace FeedbackFix.EndToEnd.Tests;

/// <summary>
/// The tests' API client does what a well-behaved client does with a 503 that names a Retry-After (the
/// store could not serve for a moment, e.g. while the Redis client replaces a connection its heartbeat
/// judged dead): it asks once more after that delay, instead of failing a test on a moment the system
/// answered correctly.
/// </summary>
internal sealed class RetryWhenUnavailable() : DelegatingHandler(new SocketsHttpHandler())
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter?.Delta is not { } wait)
        {
            return response;
        }
        response.Dispose();
        await Task.Delay(wait < LongestWait ? wait : LongestWait, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}

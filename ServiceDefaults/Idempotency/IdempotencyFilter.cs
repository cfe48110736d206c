using System.Security.Cryptography;
using System.Text;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackFix.ServiceDefaults.Idempotency;

/// <summary>
/// Runs a keyed request at most once. The key is claimed atomically before the handler runs, so of
/// two identical requests at the same moment one runs and the other is told 409 (in progress, with
/// Retry-After) rather than made to wait: the caller already retries, and no request thread is held.
/// A success (below 400) is kept with its status, Content-Type, Location and body and answered again
/// for 24 hours; a refusal or failure (400 and above, or an exception) changed nothing, so the claim
/// is released and a retry is judged afresh. A request is the same when its path and its raw body
/// have the same SHA-256. Keys are kept per route and, given <see cref="IdempotencyOptions.ClientHeader"/>, per API client.
/// </summary>
internal sealed class IdempotencyFilter(string route) : IEndpointFilter
{
    /// <summary>How long a claim holds while its request runs; a claimant that dies frees the key after this.</summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    internal const int RetryAfterSeconds = 1;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(IdempotencyKeys.HeaderName, out var values))
        {
            return await next(context);
        }
        if (values.Count != 1 || !IdempotencyKeys.IsValid(values[0]))
        {
            return FieldErrors.Problem(IdempotencyKeys.HeaderName,
                $"{IdempotencyKeys.HeaderName} must be one value of 1 to {IdempotencyKeys.MaxLength} visible ASCII characters (no spaces), such as a UUID.");
        }

        var key = values[0]!;
        var store = http.RequestServices.GetRequiredService<IIdempotencyStore>();
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(IdempotencyLog.Category);
        var scope = http.RequestServices.GetRequiredService<IOptions<IdempotencyOptions>>().Value.ScopeOf(route, http.Request);
        var owner = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var lookup = await store.ClaimAsync(scope, key, await FingerprintAsync(http.Request), owner, Lease);
        switch (lookup.State)
        {
            case IdempotencyState.Mismatch:
                logger.Mismatch(scope);
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency key reused",
                    detail: $"This {IdempotencyKeys.HeaderName} was used for a different request (another path or body) in the last 24 hours; use a new key for a new request.",
                    extensions: new Dictionary<string, object?> { ["header"] = IdempotencyKeys.HeaderName });
            case IdempotencyState.InProgress:
                logger.InProgress(scope);
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: "Request in progress",
                    detail: $"A request with this {IdempotencyKeys.HeaderName} is still being processed; retry after Retry-After seconds to get its answer.",
                    extensions: new Dictionary<string, object?> { ["header"] = IdempotencyKeys.HeaderName });
            case IdempotencyState.Answered:
                logger.Replayed(scope, lookup.Answer!.Status);
                return new ReplayedAnswer(lookup.Answer);
        }

        object? result;
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        try
        {
            result = await next(context);
            if (result is not IResult answer)
            {
                await store.ReleaseAsync(scope, key, owner);
                return result;
            }
            // Written once into a buffer, so the answer that is kept is byte for byte the one sent.
            http.Response.Body = buffer;
            await answer.ExecuteAsync(http);
        }
        catch
        {
            http.Response.Body = original;
            await TryReleaseAsync(store, scope, key, owner, logger, http.RequestAborted);
            throw;
        }
        http.Response.Body = original;

        var status = http.Response.StatusCode;
        if (status < StatusCodes.Status400BadRequest)
        {
            try
            {
                await store.AnswerAsync(scope, key, owner, new IdempotentAnswer(status,
                    http.Response.ContentType, http.Response.Headers.Location.FirstOrDefault(), buffer.ToArray()));
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
            {
                // The work is done and the caller gets its answer; only a repeat's answer is lost.
                logger.AnswerNotKept(exception, scope, status);
            }
        }
        else
        {
            await store.ReleaseAsync(scope, key, owner);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
        return Results.Empty;
    }

    private static async Task TryReleaseAsync(
        IIdempotencyStore store, string scope, string key, string owner, ILogger logger, CancellationToken requestAborted)
    {
        try
        {
            await store.ReleaseAsync(scope, key, owner);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !requestAborted.IsCancellationRequested)
        {
            // The request's own failure is the one to report; the claim lapses after its lease.
            logger.ClaimNotReleased(exception, scope);
        }
    }

    /// <summary>SHA-256 over the path and the raw body (buffered by <see cref="IdempotencyKeys.BufferKeyedBodies"/>).</summary>
    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(request.Path.Value ?? ""));
        hash.AppendData([0]);
        if (!request.Body.CanSeek)
        {
            throw new InvalidOperationException(
                $"The body of a request with {IdempotencyKeys.HeaderName} was not buffered: MapDefaultEndpoints must come before the endpoints are reached.");
        }
        request.Body.Position = 0;
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>A key's first answer, sent again as it was, marked as a repeat.</summary>
    private sealed class ReplayedAnswer(IdempotentAnswer answer) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = answer.Status;
            response.Headers[IdempotencyKeys.ReplayedHeaderName] = "true";
            if (answer.ContentType is not null)
            {
                response.ContentType = answer.ContentType;
            }
            if (answer.Location is not null)
            {
                response.Headers.Location = answer.Location;
            }
            response.ContentLength = answer.Body.Length;
            await response.Body.WriteAsync(answer.Body, httpContext.RequestAborted);
        }
    }
}

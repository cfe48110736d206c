using System.Globalization;
using System.Threading.RateLimiting;
using FeedbackFix.Gateway.Keys;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Gateway.Limits;

/// <summary>
/// A token bucket per client: the name of the API key when a valid one is sent, else the remote
/// address. Over budget: 429 problem details with Retry-After.
/// </summary>
internal static class ClientRateLimiting
{
    public static IServiceCollection AddClientRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                if (options.PermitsPerSecond == 0)
                {
                    return RateLimitPartition.GetNoLimiter("off");
                }
                return RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = WriteRejectedAsync;
        });
        return services;
    }

    /// <summary>
    /// The bucket a request draws from: its API key's (by name) when the key is valid, else its
    /// address's, so guessing keys does not buy fresh buckets and one key's burst leaves the others alone.
    /// </summary>
    private static string ClientKey(HttpContext context) =>
        context.RequestServices.GetRequiredService<ApiKeyRing>().Find(context) is { } holder
            ? "key:" + holder.Name
            : "ip:" + context.Connection.RemoteIpAddress;

    private static async ValueTask WriteRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = "This API key (or, without one, this address) is over its request budget; retry after the number of seconds in Retry-After.",
            },
        });
    }
}

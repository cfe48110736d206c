using FeedbackFix.Ingestion.Ingest;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Microsoft.Extensions.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>The largest request body Ingestion reads; the gateway enforces the same limit in front of it.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    /// <summary>Adds the Redis client (connection string "redis"), the Domain stores and the request limits.</summary>
    public static TBuilder AddIngestionServices<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddRedisClient("redis");
        builder.Services.AddFeedbackFixStores();
        builder.Services.AddSingleton<IngestLog>();
        builder.Services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FeedbackFix.Ingestion.Tests.Support;

/// <summary>
/// The real Ingestion service in memory, talking to the Redis at <paramref name="redisConnectionString"/>,
/// with extra configuration <paramref name="settings"/> (the webhook secrets, say).
/// </summary>
public sealed class IngestionFactory(string redisConnectionString, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Production, so the answers are the ones clients get (no developer exception page).
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:redis", redisConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}

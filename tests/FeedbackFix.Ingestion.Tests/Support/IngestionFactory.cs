using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FeedbackFix.Ingestion.Tests.Support;

/// <summary>The real Ingestion service in memory, talking to the Redis at <paramref name="redisConnectionString"/>.</summary>
public sealed class IngestionFactory(string redisConnectionString) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Production, so the answers are the ones clients get (no developer exception page).
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:redis", redisConnectionString);
    }
}

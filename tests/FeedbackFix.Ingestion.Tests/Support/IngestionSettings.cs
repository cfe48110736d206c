using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Ingestion.Tests.Support;

/// <summary>The service's own registration (<c>AddIngestionServices</c>) checking its settings as a start does.</summary>
internal static class IngestionSettings
{
    /// <summary>
    /// The error ValidateOnStart stops the start with when the service runs with <paramref name="settings"/>:
    /// the validation of <typeparamref name="TOptions"/> it runs, without a host whose failed start races
    /// its own disposal (through <c>WebApplicationFactory</c> that race reports a disposed service provider
    /// instead, now and then).
    /// </summary>
    public static async Task<OptionsValidationException> StartFailureAsync<TOptions>(
        string redisConnectionString, IReadOnlyDictionary<string, string?> settings) where TOptions : class
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["ConnectionStrings:redis"] = redisConnectionString });
        builder.AddIngestionServices();
        await using var app = builder.Build();
        return Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<TOptions>>().Value);
    }
}

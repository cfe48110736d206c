using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FeedbackFix.ServiceDefaults.Tests;

public sealed class KestrelLimitsTests
{
    [Fact]
    public async Task Kestrels_limits_are_read_from_configuration_as_the_deployment_sets_them()
    {
        var limits = await LimitsWithAsync(new()
        {
            ["Kestrel:Limits:KeepAliveTimeout"] = "00:31:00",
            ["Kestrel:Limits:MaxRequestHeaderCount"] = "50",
        });

        Assert.Equal(TimeSpan.FromMinutes(31), limits.KeepAliveTimeout);
        Assert.Equal(50, limits.MaxRequestHeaderCount);
    }

    [Fact]
    public async Task Without_configuration_Kestrels_own_defaults_stay()
    {
        var limits = await LimitsWithAsync([]);

        var defaults = new KestrelServerLimits();
        Assert.Equal(defaults.KeepAliveTimeout, limits.KeepAliveTimeout);
        Assert.Equal(defaults.MaxRequestBodySize, limits.MaxRequestBodySize);
    }

    private static async Task<KestrelServerLimits> LimitsWithAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        await app.StartAsync();
        var limits = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        await app.StopAsync();
        return limits;
    }
}

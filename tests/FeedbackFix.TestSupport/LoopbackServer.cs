using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.TestSupport;

/// <summary>
/// A test server bound to 127.0.0.1 on a free port, without logging, for fakes of outside services.
/// The caller owns the returned app: stop and dispose it.
/// </summary>
public static class LoopbackServer
{
    /// <summary>Starts a slim app with the middleware and routes <paramref name="configure"/> adds.</summary>
    /// <returns>The started app and its base address, <c>http://127.0.0.1:{port}/</c>.</returns>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(Action<WebApplication> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        configure(app);
        await app.StartAsync();

        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (app, new Uri($"http://127.0.0.1:{new Uri(bound).Port.ToString(CultureInfo.InvariantCulture)}/"));
    }
}

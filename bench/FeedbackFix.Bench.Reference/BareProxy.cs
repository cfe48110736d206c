using Yarp.ReverseProxy.Configuration;

namespace FeedbackFix.Bench.Reference;

/// <summary>YARP with one catch-all route to one destination, and nothing else in the pipeline.</summary>
internal static class BareProxy
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var destination = builder.Configuration["destination"]
            ?? throw new InvalidOperationException("--destination URL is not set.");
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "backend", Match = new RouteMatch { Path = "{**rest}" } }],
            [new ClusterConfig
            {
                ClusterId = "backend",
                Destinations = new Dictionary<string, DestinationConfig> { ["backend"] = new() { Address = destination } },
            }]);

        var app = builder.Build();
        app.MapReverseProxy();
        return app;
    }
}

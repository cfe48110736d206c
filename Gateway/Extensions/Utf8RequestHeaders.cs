using System.Text;
using Yarp.ReverseProxy.Configuration;

namespace FeedbackFix.Gateway.Extensions;

/// <summary>
/// Header values reach the services as the client sent them, non-ASCII ones included. Kestrel reads
/// a request's header values as UTF-8, but the forwarder's HttpClient refuses to send anything but
/// ASCII unless its cluster names an encoding, and the forward then failed as a bare 502 (an
/// <c>Idempotency-Key: ünïcode</c> the service would have answered with a 400 naming the header).
/// A configuration filter gives every cluster UTF-8, one added to configuration later too; a
/// cluster that names its own <c>HttpClient:RequestHeaderEncoding</c> keeps it.
/// </summary>
internal sealed class Utf8RequestHeaders : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) =>
        ValueTask.FromResult(cluster.HttpClient?.RequestHeaderEncoding is not null
            ? cluster
            : cluster with { HttpClient = (cluster.HttpClient ?? new HttpClientConfig()) with { RequestHeaderEncoding = Encoding.UTF8.WebName } });

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route);
}

using FeedbackFix.Gateway.Extensions;
using Microsoft.AspNetCore.Routing.Patterns;
using Yarp.ReverseProxy.Configuration;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>
/// The services and routes of the YARP configuration in force, read from YARP's own config
/// providers (the same objects the proxy runs on, reloads included), so the merged document
/// never needs a second, hand-kept list of services.
/// </summary>
internal sealed class ProxyTopology
{
    private ProxyTopology(IReadOnlyList<ProxiedService> services, IReadOnlyList<GatewayRoute> routes)
    {
        Services = services;
        Routes = routes;
    }

    /// <summary>
    /// Every cluster some route sends to, ordered by name, so the merged document (and which
    /// service's description of a shared tag it keeps) does not depend on the order of the configuration.
    /// </summary>
    public IReadOnlyList<ProxiedService> Services { get; }

    public IReadOnlyList<GatewayRoute> Routes { get; }

    public static ProxyTopology From(IEnumerable<IProxyConfigProvider> providers, string documentPath)
    {
        var configs = providers.Select(provider => provider.GetConfig()).ToList();
        var clusters = configs.SelectMany(config => config.Clusters).ToDictionary(cluster => cluster.ClusterId, StringComparer.OrdinalIgnoreCase);

        var routes = new List<GatewayRoute>();
        foreach (var route in configs.SelectMany(config => config.Routes))
        {
            if (string.IsNullOrEmpty(route.ClusterId))
            {
                continue;
            }
            // YARP's own default for a route that matches on hosts only.
            var pattern = RoutePatternFactory.Parse(string.IsNullOrEmpty(route.Match.Path) ? "/{**catchall}" : route.Match.Path);
            var methods = route.Match.Methods is { Count: > 0 } listed
                ? listed.Select(method => method.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal)
                : null;
            routes.Add(new GatewayRoute(route.RouteId, route.ClusterId, pattern, methods, route.Order ?? 0,
                AccessOf(route.AuthorizationPolicy), routes.Count));
        }

        var services = routes
            .Select(route => route.ClusterId)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .Select(clusterId => new ProxiedService(clusterId, DocumentAddress(clusters.GetValueOrDefault(clusterId), documentPath)))
            .ToList();
        return new ProxyTopology(services, routes);
    }

    /// <summary>
    /// The route that serves a request for this path template and method, chosen as ASP.NET Core
    /// routing chooses among YARP's endpoints: lowest Order, then the most specific template
    /// (RoutePattern.InboundPrecedence: literal before parameter before catch-all), then one that
    /// names its methods over one that takes any. Null when no route forwards it.
    /// </summary>
    public GatewayRoute? Resolve(string openApiPath, string method) => Routes
        .Where(route => route.Allows(method) && RouteTemplateCoverage.Covers(route.Pattern, openApiPath))
        .OrderBy(route => route.Order)
        .ThenBy(route => route.Pattern.InboundPrecedence)
        .ThenBy(route => route.Methods is null ? 1 : 0)
        .ThenBy(route => route.Position)
        .FirstOrDefault();

    /// <summary>
    /// The proxy's authorization fallback requires the key on routes that name no policy; "anonymous"
    /// opts out; "admin" needs the Admin scope. Any other policy still rests on the gateway's only
    /// authentication scheme, the key.
    /// </summary>
    private static RouteAccess AccessOf(string? policy) =>
        string.Equals(policy, GatewayServiceExtensions.AnonymousPolicy, StringComparison.OrdinalIgnoreCase) ? RouteAccess.Anonymous
        : string.Equals(policy, GatewayServiceExtensions.AdminPolicy, StringComparison.OrdinalIgnoreCase) ? RouteAccess.Admin
        : RouteAccess.ApiKey;

    private static Uri? DocumentAddress(ClusterConfig? cluster, string documentPath)
    {
        // Every destination of a cluster runs the same service, so the first one describes it. Service
        // discovery's "https+http://" forms are http schemes too.
        var address = cluster?.Destinations?.Values.FirstOrDefault()?.Address;
        return address is not null &&
            Uri.TryCreate(address.TrimEnd('/') + documentPath, UriKind.Absolute, out var uri) &&
            uri.Scheme.StartsWith(Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase)
                ? uri
                : null;
    }
}

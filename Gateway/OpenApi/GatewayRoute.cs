using Microsoft.AspNetCore.Routing.Patterns;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>A YARP route as the merged document needs it: what it matches, where it sends, what it asks of a caller.</summary>
/// <param name="Methods">Null: every method.</param>
/// <param name="Position">The route's place in the configuration: breaks ties that routing itself would refuse as ambiguous, only so the document is the same every time.</param>
internal sealed record GatewayRoute(
    string RouteId,
    string ClusterId,
    RoutePattern Pattern,
    IReadOnlySet<string>? Methods,
    int Order,
    RouteAccess Access,
    int Position)
{
    public bool Allows(string method) => Methods is null || Methods.Contains(method);
}

using Microsoft.AspNetCore.Routing.Patterns;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>
/// Whether a route's path template sends every request for an OpenAPI path template its way,
/// segment by segment: an OpenAPI parameter segment ("{id}") is covered by a route parameter or
/// catch-all, never by a literal (the route would forward one value of it, not the operation).
/// Route constraints are not evaluated: the gateway's routes carry none, and a constraint narrows
/// values, not which operation is meant.
/// </summary>
internal static class RouteTemplateCoverage
{
    public static bool Covers(RoutePattern route, string openApiPath)
    {
        var segments = openApiPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var next = 0;
        for (var i = 0; i < route.PathSegments.Count; i++)
        {
            var routeSegment = route.PathSegments[i];
            if (!routeSegment.IsSimple)
            {
                // Complex segments ("{name}.{ext}") cannot be compared with a template soundly:
                // better to leave an operation out than to describe one the gateway refuses.
                return false;
            }

            switch (routeSegment.Parts[0])
            {
                case RoutePatternParameterPart { IsCatchAll: true }:
                    return true;
                case RoutePatternParameterPart parameter when next == segments.Length:
                    return (parameter.IsOptional || parameter.Default is not null) && RestIsOptional(route, i + 1);
                case RoutePatternParameterPart:
                    next++;
                    break;
                case RoutePatternLiteralPart literal when next < segments.Length && !IsTemplated(segments[next]) &&
                    string.Equals(literal.Content, segments[next], StringComparison.OrdinalIgnoreCase):
                    next++;
                    break;
                default:
                    return false;
            }
        }
        return next == segments.Length;
    }

    private static bool IsTemplated(string segment) => segment.Contains('{', StringComparison.Ordinal);

    private static bool RestIsOptional(RoutePattern route, int from) =>
        route.PathSegments.Skip(from).All(segment => segment is { IsSimple: true, Parts: [RoutePatternParameterPart p] } &&
            (p.IsOptional || p.IsCatchAll || p.Default is not null));
}

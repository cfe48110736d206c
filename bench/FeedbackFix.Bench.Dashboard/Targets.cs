namespace FeedbackFix.Bench.Dashboard;

/// <summary>What is timed: the inbox as users open it, at both sizes, and the API calls it makes; the job page and its calls.</summary>
internal static class Targets
{
    /// <summary>A word no seeded title holds: the title search reads every title, the inbox's slowest search.</summary>
    public const string NoMatch = "kaleidoscope";

    private const string InboxMarker = "class=\"totals\"";
    private const string DefaultClusters = "/clusters?min_size=2&limit=50";

    public static IReadOnlyList<HttpTarget> For(DashboardStack small, DashboardStack large, BenchOptions options, string jobId, HttpTarget? jobPage)
    {
        var s = $"{options.SmallClusters:N0}";
        var l = $"{options.LargeClusters:N0}";
        List<HttpTarget> targets =
        [
            Page($"GET / ({s} clusters)", small, "/"),
            Page($"GET / ({l} clusters)", large, "/"),
            Page($"GET /?sort=last_seen ({l})", large, "/?sort=last_seen"),
            Page($"GET /?status=new ({l})", large, "/?status=new"),
            Page($"GET /?singles=true ({l})", large, "/?singles=true"),
            Page($"GET /?q={InboxSeed.CommonWord} ({l})", large, $"/?q={InboxSeed.CommonWord}"),
            Page($"GET /?q={NoMatch}, no match ({l})", large, $"/?q={NoMatch}", "title contains"),
            Api($"api GET /stats via gateway ({s})", small, small.Gateway, "/stats"),
            Api($"api GET /stats via gateway ({l})", large, large.Gateway, "/stats"),
            Api($"api GET /stats direct ({l})", large, large.Clusters, "/stats"),
            Api($"api GET {DefaultClusters} via gateway ({s})", small, small.Gateway, DefaultClusters),
            Api($"api GET {DefaultClusters} via gateway ({l})", large, large.Gateway, DefaultClusters),
            Api($"api GET {DefaultClusters} direct ({l})", large, large.Clusters, DefaultClusters),
            Api($"api GET /clusters?q={NoMatch}&min_size=2&limit=50 via gateway ({l})", large, large.Gateway, $"/clusters?q={NoMatch}&min_size=2&limit=50"),
        ];
        if (jobPage is not null)
        {
            targets.Add(jobPage);
        }
        targets.Add(Api("api GET /jobs/{id} via gateway", large, large.Gateway, $"/jobs/{jobId}"));
        targets.Add(Api("api GET /jobs/{id}/logs?limit=100 via gateway", large, large.Gateway, $"/jobs/{jobId}/logs?limit=100"));
        targets.Add(Api("api GET /jobs/{id}/logs?limit=1000 via gateway", large, large.Gateway, $"/jobs/{jobId}/logs?limit=1000"));
        return targets;
    }

    private static HttpTarget Page(string name, DashboardStack stack, string path, string expect = InboxMarker) =>
        new(name, stack, new Uri(stack.Dashboard, path), false, expect);

    private static HttpTarget Api(string name, DashboardStack stack, Uri server, string path) =>
        new(name, stack, new Uri(server, path), true, "{");
}

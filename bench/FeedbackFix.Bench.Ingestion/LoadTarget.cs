namespace FeedbackFix.Bench.Ingestion;

/// <summary>What wrk is pointed at in a phase: a URL, how many connections, and the script or headers it sends.</summary>
internal sealed record LoadTarget(string Name, Uri Url, int Connections, string? Script, IReadOnlyList<string> Headers, string? PreflightBody)
{
    public const string ClustersPath = "/clusters?limit=50";
    public const string ClustersByTrendPath = "/clusters?limit=50&sort=trend";

    /// <summary>POST /ingest/manual against <paramref name="baseUrl"/> (the gateway or Ingestion itself).</summary>
    public static LoadTarget Ingest(string name, Uri baseUrl, IngestScript script, int connections) =>
        new(name, new Uri(baseUrl, "/ingest/manual"), connections, script.Path, [], IngestScript.SampleBody);

    /// <summary>GET <paramref name="path"/> (a page of clusters) through the gateway.</summary>
    public static LoadTarget ListClusters(Uri gateway, string apiKey, int connections, string path = ClustersPath) =>
        new($"GET {path} via gateway", new Uri(gateway, path), connections, null, [$"X-Api-Key: {apiKey}"], null);
}

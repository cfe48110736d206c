namespace FeedbackFix.Gateway.OpenApi;

/// <summary>A YARP cluster the gateway forwards to, and where that service serves its own OpenAPI document.</summary>
/// <param name="Name">The cluster id, which is also the service-discovery name (e.g. "clusters").</param>
/// <param name="DocumentAddress">Null when the cluster has no usable destination.</param>
internal sealed record ProxiedService(string Name, Uri? DocumentAddress);

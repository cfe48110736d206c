using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>
/// The merged document, built from every proxied service's document and kept for
/// <see cref="OpenApiDocumentOptions.CacheDuration"/> (by <see cref="TimeProvider"/>, so tests move
/// the clock). Requests that arrive while a build runs share it. A build with any failed service
/// is not kept: the next request tries again, so a service that comes back is seen at once.
/// </summary>
internal sealed class MergedDocumentProvider(
    IEnumerable<IProxyConfigProvider> proxyConfig,
    ServiceDocumentClient client,
    OpenApiMerger merger,
    IOptionsMonitor<OpenApiDocumentOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    OpenApiLog log)
{
    private readonly Lock _gate = new();
    // Replaced whole, never changed, so a request reads either the old document or the new one.
    private volatile CachedDocument? _cached;
    private Task<ApiDescription>? _building;

    public Task<ApiDescription> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached && time.GetUtcNow() - cached.BuiltAt < options.CurrentValue.CacheDuration)
        {
            return Task.FromResult(ApiDescription.Available(cached.Document));
        }

        Task<ApiDescription> building;
        lock (_gate)
        {
            building = _building ??= BuildAsync();
        }
        // One caller giving up must not cancel the build the others wait for.
        return building.WaitAsync(cancellationToken);
    }

    private async Task<ApiDescription> BuildAsync()
    {
        // Runs the build off the caller's lock, and guarantees _building is set before the finally clears it.
        await Task.Yield();
        try
        {
            var settings = options.CurrentValue;
            var topology = ProxyTopology.From(proxyConfig, settings.ServiceDocumentPath);
            var fetches = topology.Services.Select(service => FetchAsync(service, lifetime.ApplicationStopping)).ToList();
            var results = await Task.WhenAll(fetches);

            var failures = results.Select(result => result.Failure).OfType<ServiceDocumentFailure>().ToList();
            if (failures.Count > 0)
            {
                return ApiDescription.Unavailable(failures);
            }

            var documents = results.Select(result => result.Document!).ToList();
            var merged = merger.Merge(documents, topology);
            log.Merged(string.Join(", ", documents.Select(d => d.Service.Name)), CountOperations(merged));
            var element = JsonSerializer.SerializeToElement(merged);
            _cached = new CachedDocument(element, time.GetUtcNow());
            return ApiDescription.Available(element);
        }
        finally
        {
            lock (_gate)
            {
                _building = null;
            }
        }
    }

    private static int CountOperations(JsonObject document) =>
        (document["paths"] as JsonObject ?? []).Sum(path => (path.Value as JsonObject ?? []).Count(entry => entry.Value is JsonObject));

    private async Task<(ServiceDocument? Document, ServiceDocumentFailure? Failure)> FetchAsync(ProxiedService service, CancellationToken cancellationToken)
    {
        try
        {
            return (new ServiceDocument(service, await client.GetAsync(service, cancellationToken)), null);
        }
        catch (ServiceDocumentException e)
        {
            log.ServiceDocumentFailed(service.Name, service.DocumentAddress, e.Message);
            return (null, new ServiceDocumentFailure(service.Name, e.Message));
        }
    }

    private sealed record CachedDocument(JsonElement Document, DateTimeOffset BuiltAt);
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>
/// Fetches a proxied service's own OpenAPI document through the named HttpClient, so
/// "http://clusters" is resolved by service discovery and a blip is retried by ServiceDefaults'
/// standard resilience handler. Its retries could take half a minute on a service that is down;
/// someone is waiting for the page, so the whole fetch is bounded by
/// <see cref="OpenApiDocumentOptions.FetchTimeout"/> (on <see cref="TimeProvider"/>).
/// </summary>
internal sealed class ServiceDocumentClient(IHttpClientFactory httpClients, IOptionsMonitor<OpenApiDocumentOptions> options, TimeProvider time)
{
    public const string HttpClientName = "service-openapi-documents";

    /// <exception cref="ServiceDocumentException">Unreachable, an error status, or not an OpenAPI 3.1 JSON document.</exception>
    public async Task<JsonObject> GetAsync(ProxiedService service, CancellationToken cancellationToken)
    {
        if (service.DocumentAddress is null)
        {
            throw new ServiceDocumentException("its cluster has no http destination to ask");
        }

        var fetchTimeout = options.CurrentValue.FetchTimeout;
        using var timeout = new CancellationTokenSource(fetchTimeout, time);
        using var fetch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var http = httpClients.CreateClient(HttpClientName);
        JsonNode? document;
        try
        {
            using var response = await http.GetAsync(service.DocumentAddress, HttpCompletionOption.ResponseHeadersRead, fetch.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new ServiceDocumentException($"it answered {(int)response.StatusCode}");
            }
            await using var body = await response.Content.ReadAsStreamAsync(fetch.Token);
            document = await JsonNode.ParseAsync(body, cancellationToken: fetch.Token);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ServiceDocumentException(
                $"it did not answer successfully within {fetchTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", e);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            throw new ServiceDocumentException("it could not be reached", e);
        }
        catch (JsonException e)
        {
            throw new ServiceDocumentException("it did not answer with JSON", e);
        }

        if (document is not JsonObject root ||
            root["openapi"] is not JsonValue version || !version.TryGetValue<string>(out var text) ||
            !text.StartsWith("3.1", StringComparison.Ordinal))
        {
            throw new ServiceDocumentException("its answer is not an OpenAPI 3.1 document");
        }
        return root;
    }
}

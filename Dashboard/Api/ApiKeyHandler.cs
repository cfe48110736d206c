using FeedbackFix.Contracts;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Dashboard.Api;

/// <summary>Adds the dashboard's API key to every call to the gateway; the key never leaves the server.</summary>
internal sealed class ApiKeyHandler(IOptionsMonitor<DashboardOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(ApiHeaders.ApiKey);
        request.Headers.Add(ApiHeaders.ApiKey, options.CurrentValue.ApiKey);
        return base.SendAsync(request, cancellationToken);
    }
}

using System.Net.Http.Headers;

namespace FeedbackFix.Bench.Ingestion;

/// <summary>One request like wrk's before a phase: a phase of 4xx answers would measure errors, not the service.</summary>
internal static class Preflight
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task ExpectSuccessAsync(HttpMethod method, Uri url, string apiKey, string? jsonBody, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Api-Key", apiKey);
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, new MediaTypeHeaderValue("application/json"));
        }
        using var response = await Http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"{method} {url} answered {(int)response.StatusCode}: {body}");
        }
    }
}

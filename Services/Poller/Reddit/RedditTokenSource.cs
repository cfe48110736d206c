using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using FeedbackFix.Contracts.Json;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Poller.Reddit;

/// <summary>
/// App-only OAuth for Reddit (grant_type=client_credentials, Basic auth with the client id and
/// secret). One token is shared and renewed a little before it expires: a tenth of its lifetime,
/// at most five minutes, early. The token is never logged.
/// </summary>
internal sealed partial class RedditTokenSource(
    IHttpClientFactory httpClients,
    IOptions<RedditOptions> options,
    TimeProvider time,
    ILogger<RedditTokenSource> logger)
{
    private static readonly TimeSpan MaxRenewEarly = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _fetch = new(1, 1);
    private volatile CachedToken? _token;

    public bool Enabled => options.Value.UsesOAuth;

    /// <summary>A token valid for a while yet, fetching a new one when due.</summary>
    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_token is { } current && time.GetUtcNow() < current.RenewAt)
        {
            return current.Value;
        }

        await _fetch.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } fresh && time.GetUtcNow() < fresh.RenewAt)
            {
                return fresh.Value;
            }
            _token = await FetchAsync(cancellationToken);
            return _token.Value;
        }
        finally
        {
            _fetch.Release();
        }
    }

    /// <summary>Forgets the token Reddit just refused (401), so the next request fetches another.</summary>
    public void Invalidate(string refused)
    {
        var current = _token;
        if (current?.Value == refused)
        {
            Interlocked.CompareExchange(ref _token, null, current);
        }
    }

    private async Task<CachedToken> FetchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenUrl)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.ClientId}:{settings.ClientSecret}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);

        var http = httpClients.CreateClient(RedditClient.HttpClientName);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"Reddit's token endpoint answered {(int)response.StatusCode}; check Reddit:ClientId and Reddit:ClientSecret.",
                null, response.StatusCode);
        }

        var answer = await response.Content.ReadFromJsonAsync<RedditTokenResponse>(ApiJson.Options, cancellationToken);
        if (string.IsNullOrEmpty(answer?.AccessToken) || answer.ExpiresIn is not > 0)
        {
            throw new HttpRequestException($"Reddit's token endpoint gave no token ({answer?.Error ?? "no access_token or expires_in"}); check Reddit:ClientId and Reddit:ClientSecret.");
        }

        var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn.Value);
        var early = lifetime / 10 < MaxRenewEarly ? lifetime / 10 : MaxRenewEarly;
        var renewAt = time.GetUtcNow() + lifetime - early;
        LogTokenFetched(lifetime, renewAt);
        return new CachedToken(answer.AccessToken, renewAt);
    }

    private sealed record CachedToken(string Value, DateTimeOffset RenewAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched a Reddit app-only token valid for {Lifetime}; renewing at {RenewAt}")]
    private partial void LogTokenFetched(TimeSpan lifetime, DateTimeOffset renewAt);
}

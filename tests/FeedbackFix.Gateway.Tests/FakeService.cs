using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.Gateway.Tests;

/// <summary>
/// A proxied service on a loopback port that serves its own OpenAPI document at /openapi/v1.json,
/// or answers 500 while <see cref="Failing"/>, and counts how often it was asked; any other request
/// it answers 200 and keeps its path and query in <see cref="Forwarded"/>.
/// </summary>
public sealed class FakeService(string document) : IAsyncDisposable
{
    private WebApplication? _app;
    private int _documentRequests;

    public string Url { get; private set; } = "";

    public bool Failing { get; set; }

    public int DocumentRequests => Volatile.Read(ref _documentRequests);

    /// <summary>What the gateway forwarded here besides the document, path and query.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Forwarded { get; } = new();

    /// <param name="url">A fixed address to come back on after a stop; a free port by default.</param>
    public static async Task<FakeService> StartAsync(string document, string url = "http://127.0.0.1:0")
    {
        var service = new FakeService(document);
        await service.StartAsync(url);
        return service;
    }

    private async Task StartAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/openapi/v1.json", () =>
        {
            Interlocked.Increment(ref _documentRequests);
            return Failing
                ? Results.Problem(statusCode: StatusCodes.Status500InternalServerError)
                : Results.Text(document, "application/json");
        });
        _app.MapFallback((HttpRequest request) =>
        {
            Forwarded.Enqueue(request.Path + request.QueryString);
            return Results.Ok();
        });
        await _app.StartAsync();
        Url = _app.Urls.Single();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }
}

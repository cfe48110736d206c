using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.Gateway.Tests;

/// <summary>A loopback HTTP server standing in for ingestion and clusters: it records what reached it.</summary>
public sealed class EchoBackend : IAsyncLifetime
{
    private WebApplication? _app;

    public ConcurrentQueue<ForwardedRequest> Received { get; } = new();

    public string Url { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            Received.Enqueue(new ForwardedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.TraceParent.ToString(),
                context.Request.Headers.ContainsKey("X-Api-Key"),
                body.Length,
                context.Request.Headers["X-Admin-Key"].ToString(),
                context.Request.Headers["X-FeedbackFix-Caller"].ToString(),
                context.Request.Headers["X-FeedbackFix-On-Behalf-Of"].ToString(),
                context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            context.Response.StatusCode = StatusCodes.Status200OK;
            await context.Response.WriteAsync("forwarded");
        });
        await _app.StartAsync();
        Url = _app.Urls.Single();
    }

    public bool Saw(string pathAndQuery) => Received.Any(r => r.PathAndQuery == pathAndQuery);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed record ForwardedRequest(
    string Method, string PathAndQuery, string TraceParent, bool HadApiKey, int BodyLength, string AdminKey, string Caller, string OnBehalfOf,
    IReadOnlyDictionary<string, string> Headers);

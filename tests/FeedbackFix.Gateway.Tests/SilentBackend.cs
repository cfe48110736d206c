using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.Gateway.Tests;

/// <summary>A proxied service on a loopback port that takes every request and never answers: only the caller giving up ends one.</summary>
public sealed class SilentBackend : IAsyncDisposable
{
    private WebApplication? _app;

    public string Url { get; private set; } = "";

    public static async Task<SilentBackend> StartAsync()
    {
        var backend = new SilentBackend();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        backend._app = builder.Build();
        backend._app.Run(async context =>
        {
            var abandoned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = context.RequestAborted.Register(() => abandoned.TrySetResult());
            await abandoned.Task;
        });
        await backend._app.StartAsync();
        backend.Url = backend._app.Urls.Single();
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

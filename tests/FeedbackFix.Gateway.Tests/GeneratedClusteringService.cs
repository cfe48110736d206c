using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;

namespace FeedbackFix.Gateway.Tests;

/// <summary>
/// A clustering service whose document Microsoft.AspNetCore.OpenApi writes, declaring its admin
/// key the way the real services are meant to: a document transformer adds the scheme, an
/// operation transformer requires it where the service checks it.
/// </summary>
public sealed class GeneratedClusteringService : IAsyncDisposable
{
    private WebApplication? _app;

    public string Url { get; private set; } = "";

    public static async Task<GeneratedClusteringService> StartAsync()
    {
        var service = new GeneratedClusteringService();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["AdminKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-Admin-Key",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.RelativePath == "clustering/run")
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("AdminKey", context.Document)] = [] }];
                }
                return Task.CompletedTask;
            });
        });
        service._app = builder.Build();
        service._app.MapOpenApi();
        service._app.MapPost("/clustering/run", () => TypedResults.Accepted("/clustering", new RunResult(3))).WithTags("Clustering");
        service._app.MapGet("/config/sources", () => TypedResults.Ok(new RunResult(0))).WithTags("Clustering");
        service._app.MapGet("/health", () => TypedResults.Ok());
        await service._app.StartAsync();
        service.Url = service._app.Urls.Single();
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed record RunResult(int Clustered);

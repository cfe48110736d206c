using FeedbackFix.ServiceDefaults.Idempotency;
using FeedbackFix.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>A service's own OpenAPI document, which the gateway merges into the API's one.</summary>
public static class ApiDescriptionExtensions
{
    /// <summary>The document's name: it is served at <c>/openapi/{DocumentName}.json</c>.</summary>
    public const string DocumentName = "v1";

    /// <summary>
    /// Describes the service's endpoints (Microsoft.AspNetCore.OpenApi) under <paramref name="title"/>,
    /// with the problem-details answers every operation can give and the <paramref name="credentials"/>
    /// the service checks itself. The gateway's API key is the gateway's to describe, not the service's.
    /// </summary>
    public static TBuilder AddApiDescription<TBuilder>(this TBuilder builder, string title, params ApiCredential[] credentials)
        where TBuilder : IHostApplicationBuilder
    {
        var credentialTransformer = new CredentialTransformer(credentials);
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = title, Version = "v1" };
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer(credentialTransformer);
            options.AddOperationTransformer(credentialTransformer);
            options.AddOperationTransformer<ProblemResponses>();
            options.AddOperationTransformer<AnswersPerStatus>();
            options.AddOperationTransformer<IdempotencyKeyDescription>();
            options.AddOperationTransformer<OperationIds>();
            options.AddOperationTransformer<QueryValueSchemas>();
            options.AddSchemaTransformer<SchemaFixes>();
        });
        return builder;
    }

    /// <summary>Serves the document at <c>GET /openapi/v1.json</c>, where the gateway fetches it.</summary>
    public static IEndpointRouteBuilder MapApiDescription(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        return app;
    }
}

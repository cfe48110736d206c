using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedbackFix.ServiceDefaults.OpenApi;

/// <summary>
/// Names each operation after its handler ("ListClusters", "IngestManual"), so generated clients
/// get method names a person would choose; an explicit <c>WithName</c> wins.
/// </summary>
internal sealed class OperationIds : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId is null &&
            context.Description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault() is { IsSpecialName: false } handler &&
            !handler.Name.Contains('<', StringComparison.Ordinal))
        {
            operation.OperationId = handler.Name.EndsWith("Async", StringComparison.Ordinal) ? handler.Name[..^"Async".Length] : handler.Name;
        }
        return Task.CompletedTask;
    }
}

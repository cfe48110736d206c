using System.Reflection;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedbackFix.ServiceDefaults.OpenApi;

/// <summary>Gives each query parameter marked with a <see cref="QueryValueAttribute"/> the schema of what it takes.</summary>
internal sealed class QueryValueSchemas : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            if (description.Source != BindingSource.Query
                || (description.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo.GetCustomAttribute<QueryValueAttribute>() is not { } value
                || operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.In == ParameterLocation.Query && p.Name == description.Name) is not { } parameter)
            {
                continue;
            }
            parameter.Schema = value.Schema();
        }
        return Task.CompletedTask;
    }
}

using System.Text.Json.Nodes;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Domain.Model;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedbackFix.Clusters.Apis;

/// <summary>
/// The status names the PATCH bodies take, listed in the API description as an enum. The handlers
/// read <c>status</c> as a string, so that a wrong one is worded as a field error, which leaves the
/// generator a plain string: <see cref="ClusterPatch"/> takes the statuses a person may set
/// (<see cref="StatusTransitions.UserSettableClusterStatuses"/>), <see cref="JobReport"/> a job status.
/// </summary>
internal sealed class StatusNameSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not { Name: "status" } property)
        {
            return Task.CompletedTask;
        }

        IEnumerable<string>? names =
            property.DeclaringType == typeof(ClusterPatch) ? StatusTransitions.UserSettableClusterStatuses.Select(s => s.ToApiName())
            : property.DeclaringType == typeof(JobReport) ? Enum.GetValues<JobStatus>().Select(s => s.ToApiName())
            : null;
        if (names is not null)
        {
            List<JsonNode?> values = [.. names.Select(name => JsonValue.Create(name))];
            if (schema.Type?.HasFlag(JsonSchemaType.Null) == true)
            {
                // Null is "not given", as the type already says.
                values.Add(null);
            }
            schema.Enum = values!;
        }
        return Task.CompletedTask;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedbackFix.ServiceDefaults.OpenApi;

/// <summary>
/// Describes the credentials a service checks: their security schemes in the document, and on each
/// operation whose endpoint requires a credential's policy, that requirement and its 401/403 answers.
/// </summary>
internal sealed class CredentialTransformer(IReadOnlyList<ApiCredential> credentials) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (credentials.Count == 0)
        {
            return Task.CompletedTask;
        }
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        foreach (var credential in credentials)
        {
            document.Components.SecuritySchemes[credential.Scheme] = credential.Definition;
        }
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
            .Select(authorize => authorize.Policy)
            .ToHashSet(StringComparer.Ordinal);
        var required = credentials.Where(credential => policies.Contains(credential.Policy)).ToList();
        if (required.Count == 0)
        {
            return;
        }

        var requirement = new OpenApiSecurityRequirement();
        foreach (var credential in required)
        {
            requirement[new OpenApiSecuritySchemeReference(credential.Scheme, context.Document)] = [];
        }
        operation.Security = [requirement];
        var names = string.Join(" and ", required.Select(credential => credential.Scheme));
        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status401Unauthorized, $"No {names} was sent.", cancellationToken);
        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status403Forbidden, $"The {names} sent does not allow this.", cancellationToken);
    }
}

using System.Text.Json;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>The merged document, or why there is none: never a part of one.</summary>
/// <param name="Document">The merged document without "servers" (those depend on who asks). Immutable, so many requests may write it at once.</param>
/// <param name="Failures">Each service whose document failed, with the reason.</param>
internal sealed record ApiDescription(JsonElement? Document, IReadOnlyList<ServiceDocumentFailure> Failures)
{
    public static ApiDescription Available(JsonElement document) => new(document, []);

    public static ApiDescription Unavailable(IReadOnlyList<ServiceDocumentFailure> failures) => new(null, failures);
}

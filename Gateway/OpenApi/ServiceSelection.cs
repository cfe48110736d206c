using System.Text.Json.Nodes;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>What one service contributes to the merged document.</summary>
/// <param name="Components">Only the components its forwarded operations reach, under the service's own names.</param>
/// <param name="Tags">Its declared tag objects, in its order.</param>
internal sealed record ServiceSelection(
    string Service,
    IReadOnlyList<SelectedOperation> Operations,
    IReadOnlyDictionary<ComponentKey, JsonNode> Components,
    IReadOnlyList<JsonObject> Tags,
    IReadOnlyDictionary<string, JsonObject> PathItemTexts);

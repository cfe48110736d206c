using System.Text.Json.Nodes;

namespace FeedbackFix.TestSupport;

/// <summary>What the tests read out of an OpenAPI document.</summary>
public static class ApiDocuments
{
    /// <summary>Every parameter without a description, as "method path in name".</summary>
    public static IReadOnlyList<string> UndescribedParameters(JsonNode document) =>
    [
        .. from path in document["paths"]!.AsObject()
           from operation in path.Value!.AsObject()
           where operation.Value is JsonObject { } body && body["parameters"] is not null
           from parameter in operation.Value!["parameters"]!.AsArray()
           where string.IsNullOrWhiteSpace(parameter!["description"]?.GetValue<string>())
           select $"{operation.Key} {path.Key} {parameter!["in"]} {parameter["name"]}",
    ];
}

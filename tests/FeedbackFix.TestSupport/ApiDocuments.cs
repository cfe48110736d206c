using System.Text.Json.Nodes;

namespace FeedbackFix.TestSupport;

/// <summary>What the tests read out of an OpenAPI document.</summary>
public static class ApiDocuments
{
    /// <summary>Query parameters described only as text, other than <paramref name="texts"/> (free text, cursors).</summary>
    public static IReadOnlyList<string> BareTextQueryParameters(JsonNode document, params string[] texts) =>
    [
        .. from path in document["paths"]!.AsObject()
           from operation in path.Value!.AsObject()
           where operation.Value is JsonObject { } body && body["parameters"] is not null
           from parameter in operation.Value!["parameters"]!.AsArray()
           where parameter!["in"]?.GetValue<string>() == "query" && !texts.Contains(parameter["name"]!.GetValue<string>())
           where parameter["schema"]?["enum"] is null && parameter["schema"]?["type"]?.ToString() is null or "string" or "[\"null\",\"string\"]"
           select $"{operation.Key} {path.Key} {parameter["name"]}",
    ];

    /// <summary>The schema of query parameter <paramref name="name"/> of <c>GET <paramref name="path"/></c>.</summary>
    public static JsonNode QuerySchema(JsonNode document, string path, string name) =>
        document["paths"]![path]!["get"]!["parameters"]!.AsArray()
            .Single(parameter => parameter!["in"]!.GetValue<string>() == "query" && parameter["name"]!.GetValue<string>() == name)!["schema"]!;

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

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>One entry of an OpenAPI document's "components": its kind ("schemas", "securitySchemes", ...) and name.</summary>
internal readonly record struct ComponentKey(string Kind, string Name)
{
    public const string Schemas = "schemas";
    public const string Parameters = "parameters";
    public const string SecuritySchemes = "securitySchemes";
}

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedbackFix.ServiceDefaults.OpenApi;

/// <summary>
/// Schemas as the API writes them where the generator cannot see it through a converter: times
/// are ISO-8601 strings, enums are strings, and a member that may be null is not required, since
/// the API leaves out null members (<c>JsonIgnoreCondition.WhenWritingNull</c>) unless one says it
/// is always written (<c>[JsonIgnore(Condition = Never)]</c>, as a page's <c>next_cursor</c>). In an
/// answer, every member that cannot be null is required, since it is always written; a member marked
/// <c>[ReadOnly(true)]</c> (output only, such as a stored version) is <c>readOnly</c>.
/// </summary>
internal sealed class SchemaFixes : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && context.JsonPropertyInfo is null)
        {
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (MayBeLeftOut(property))
                {
                    schema.Required?.Remove(property.Name);
                }
                else if (!IsRequestOnly(context.JsonTypeInfo.Type) && property.ShouldSerialize is null && !property.IsExtensionData
                    && schema.Properties?.ContainsKey(property.Name) == true)
                {
                    // An answer writes every member that cannot be null.
                    (schema.Required ??= new HashSet<string>()).Add(property.Name);
                }
                if (property.AttributeProvider?.GetCustomAttributes(typeof(ReadOnlyAttribute), inherit: true).OfType<ReadOnlyAttribute>().Any(a => a.IsReadOnly) == true
                    && schema.Properties is { } members && members.TryGetValue(property.Name, out var found) && found is OpenApiSchema member)
                {
                    member.ReadOnly = true;
                }
            }
        }

        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        var nullable = type != context.JsonTypeInfo.Type;
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Format = "date-time";
        }
        else if (type.IsEnum && schema.Enum is { Count: > 0 })
        {
            // A nullable enum lists null among its values, so its type says null too.
            schema.Type = nullable || schema.Enum.Any(value => value is null || value.GetValueKind() == System.Text.Json.JsonValueKind.Null)
                ? JsonSchemaType.String | JsonSchemaType.Null
                : JsonSchemaType.String;
        }
        return Task.CompletedTask;
    }

    // Request-only bodies refuse members they do not take (docs/architecture.md, ServiceDefaults); a
    // type that is also an answer takes any, and its answers write every member that cannot be null.
    private static bool IsRequestOnly(Type type) =>
        type.GetCustomAttributes(typeof(JsonUnmappedMemberHandlingAttribute), inherit: true)
            .OfType<JsonUnmappedMemberHandlingAttribute>().Any(a => a.UnmappedMemberHandling == JsonUnmappedMemberHandling.Disallow);

    private static bool MayBeLeftOut(JsonPropertyInfo property) =>
        (property.IsGetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null) &&
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .OfType<JsonIgnoreAttribute>().Any(ignore => ignore.Condition == JsonIgnoreCondition.Never) != true &&
        property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) != true;
}

using System.Globalization;
using System.Text.Json.Nodes;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.OpenApi;

namespace FeedbackFix.ServiceDefaults.OpenApi;

/// <summary>
/// What a query value takes, for the API description. Handlers bind query values as text, so that a
/// wrong one is a 400 naming the field in the API's words (<c>FieldErrors</c>); without this the
/// generator could only call each a string. <see cref="QueryValueSchemas"/> puts the schema in.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public abstract class QueryValueAttribute : Attribute
{
    internal abstract OpenApiSchema Schema();
}

/// <summary>A whole number from <see cref="Minimum"/>, up to <see cref="Maximum"/> when given; <see cref="Default"/> when left out, if it has one.</summary>
public sealed class WholeNumberAttribute(long minimum) : QueryValueAttribute
{
    /// <summary>For <see cref="Default"/>: the value has none.</summary>
    public const long NoDefault = long.MinValue;

    public long Minimum { get; } = minimum;

    public long Maximum { get; init; } = long.MaxValue;

    public long Default { get; init; } = NoDefault;

    internal override OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int64",
        Minimum = Minimum.ToString(CultureInfo.InvariantCulture),
        Maximum = Maximum == long.MaxValue ? null : Maximum.ToString(CultureInfo.InvariantCulture),
        Default = Default == NoDefault ? null : JsonValue.Create(Default),
    };
}

/// <summary>One of <typeparamref name="TEnum"/>'s names as the API writes them (snake_case), in any case.</summary>
public sealed class OneOfAttribute<TEnum> : QueryValueAttribute where TEnum : struct, Enum
{
    /// <summary>The name taken when the value is left out, if any.</summary>
    public string? Default { get; init; }

    internal override OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. Enum.GetValues<TEnum>().Select(value => (JsonNode)JsonValue.Create(FieldErrors.ApiName(value)))],
        Default = Default is null ? null : JsonValue.Create(Default),
    };
}

/// <summary><c>true</c> or <c>false</c>; with a default, the value taken when it is left out.</summary>
public sealed class TrueOrFalseAttribute : QueryValueAttribute
{
    private readonly bool? _default;

    public TrueOrFalseAttribute()
    {
    }

    public TrueOrFalseAttribute(bool defaultValue) => _default = defaultValue;

    internal override OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Boolean,
        Default = _default is { } value ? JsonValue.Create(value) : null,
    };
}

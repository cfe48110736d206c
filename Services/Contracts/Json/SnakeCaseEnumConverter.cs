using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Json;

/// <summary>
/// An API enum as its snake_case name ("fixing", never "Fixing" or 1), put on each enum of the
/// contract so that every serializer, source-generated or not, writes it the same way.
/// </summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;

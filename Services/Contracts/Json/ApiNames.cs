using System.Text.Json;

namespace FeedbackFix.Contracts.Json;

/// <summary>How the API writes an enum value: its snake_case name, as <see cref="SnakeCaseEnumConverter{TEnum}"/> does.</summary>
public static class ApiNames
{
    public static string ToApiName<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}

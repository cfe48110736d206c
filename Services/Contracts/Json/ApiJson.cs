using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace FeedbackFix.Contracts.Json;

/// <summary>
/// The JSON of every FeedbackFix API: snake_case names and enum values, ISO-8601 UTC times, nulls
/// left out. The contract's own types come from the source-generated <see cref="ApiJsonContext"/>;
/// any other type (a source's metadata record) falls back to reflection with the same naming.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// The API's JSON for the bodies a service reads from its callers: as <see cref="Configure"/>, and a
    /// member given twice is refused (which of the two counts would be a guess), answered with a 400 naming it.
    /// </summary>
    public static JsonSerializerOptions ConfigureRequests(JsonSerializerOptions options)
    {
        Configure(options);
        options.AllowDuplicateProperties = false;
        return options;
    }

    /// <summary>Applies the API's naming to <paramref name="options"/> (ASP.NET Core's, or an HttpClient's).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // Numbers are JSON numbers both ways, as the API description says; "5" is not a number.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        if (!options.TypeInfoResolverChain.OfType<DefaultJsonTypeInfoResolver>().Any())
        {
            options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        }
        return options;
    }
}

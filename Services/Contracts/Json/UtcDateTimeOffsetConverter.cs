using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Json;

/// <summary>Writes times as ISO-8601 UTC with a Z, the form Redis hashes hold; reads any ISO-8601 offset.</summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[32];
        if (!value.UtcDateTime.TryFormat(buffer, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
        {
            throw new JsonException($"Could not format {value:O}.");
        }
        writer.WriteStringValue(buffer[..written]);
    }
}

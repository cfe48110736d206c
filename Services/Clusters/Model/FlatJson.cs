using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FeedbackFix.Clusters.Model;

/// <summary>
/// Writes an answer that adds a few properties to a stored record as one flat JSON object: the
/// record's own fields, then the additions. The record is written as it is everywhere else, so
/// a field added to it shows up here too, with no copy of its fields to keep in step.
/// </summary>
/// <typeparam name="TAnswer">The answer; <see cref="Record"/> and <see cref="Additions"/> say what it holds.</typeparam>
public abstract class FlatJson<TAnswer> : JsonConverter<TAnswer>
{
    protected abstract object Record(TAnswer answer);

    /// <summary>The added properties, named in C# and written by the options' naming policy.</summary>
    protected abstract IEnumerable<(string Name, object? Value)> Additions(TAnswer answer);

    public override TAnswer Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException($"{typeof(TAnswer).Name} is only ever written.");

    public override void Write(Utf8JsonWriter writer, TAnswer value, JsonSerializerOptions options)
    {
        var record = Record(value);
        var json = JsonSerializer.SerializeToNode(record, record.GetType(), options)!.AsObject();
        foreach (var (name, added) in Additions(value))
        {
            if (added is not null || options.DefaultIgnoreCondition != JsonIgnoreCondition.WhenWritingNull)
            {
                json[options.PropertyNamingPolicy?.ConvertName(name) ?? name] = JsonSerializer.SerializeToNode(added, options);
            }
        }
        json.WriteTo(writer, options);
    }
}

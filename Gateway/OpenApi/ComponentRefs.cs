using System.Text.Json.Nodes;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>
/// Finds and renames references to components inside a piece of a document: every "$ref" string
/// of the form "#/components/{kind}/{name}[/...]" and every discriminator mapping value (a
/// reference or a bare schema name). References to other files are left alone: the services'
/// generator does not write them.
/// </summary>
internal static class ComponentRefs
{
    private const string Prefix = "#/components/";

    public static IEnumerable<ComponentKey> In(JsonNode? node)
    {
        var found = new List<ComponentKey>();
        Visit(node, reference =>
        {
            if (TryParse(reference, out var key, out _))
            {
                found.Add(key);
            }
            return null;
        });
        return found;
    }

    public static void Rename(JsonNode? node, Func<ComponentKey, string> nameOf) =>
        Visit(node, reference => TryParse(reference, out var key, out var rest)
            ? Prefix + key.Kind + "/" + Escape(nameOf(key)) + rest
            : null);

    public static bool TryParse(string reference, out ComponentKey key, out string rest)
    {
        key = default;
        rest = "";
        if (!reference.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var parts = reference[Prefix.Length..].Split('/', 3);
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }
        key = new ComponentKey(parts[0], Unescape(parts[1]));
        rest = parts.Length == 3 ? "/" + parts[2] : "";
        return true;
    }

    /// <summary>Calls <paramref name="visit"/> with every reference; a non-null answer replaces it.</summary>
    private static void Visit(JsonNode? node, Func<string, string?> visit)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target) && visit(target) is { } renamed)
                {
                    obj["$ref"] = renamed;
                }
                if (obj["discriminator"] is JsonObject { } discriminator && discriminator["mapping"] is JsonObject mapping)
                {
                    foreach (var (value, mapped) in mapping.ToList())
                    {
                        if (mapped is JsonValue text && text.TryGetValue<string>(out var schema))
                        {
                            // A bare name in a mapping names a schema (OpenAPI 3.1, Discriminator Object).
                            var asReference = schema.Contains('/', StringComparison.Ordinal) ? schema : Prefix + ComponentKey.Schemas + "/" + Escape(schema);
                            if (visit(asReference) is { } mappedRenamed)
                            {
                                mapping[value] = mappedRenamed;
                            }
                        }
                    }
                }
                foreach (var (_, child) in obj.ToList())
                {
                    if (child is JsonObject or JsonArray)
                    {
                        Visit(child, visit);
                    }
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Visit(child, visit);
                }
                break;
        }
    }

    // JSON Pointer escapes (RFC 6901).
    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}

using System.Text.Json.Nodes;
using FeedbackFix.Gateway.Extensions;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>
/// Merges the services' documents into the one document of the API as the gateway exposes it.
/// Works on System.Text.Json.Nodes rather than the Microsoft.OpenApi object model: the merge only
/// moves, compares and renames pieces of JSON, and JSON nodes carry every keyword and extension a
/// service writes through untouched (a model round trip normalises or drops what it does not
/// model); renaming a component is rewriting its "$ref" strings, where in Microsoft.OpenApi 2.x a
/// reference is an object bound to its host document and would have to be rebuilt; and
/// JsonNode.DeepEquals is the "same content" test the schema rule needs. The tests read the
/// result back with Microsoft.OpenApi's reader to prove it is a valid document.
/// </summary>
internal sealed class OpenApiMerger(OpenApiLog log)
{
    public const string OpenApiVersion = "3.1.1";
    public const string Title = "FeedbackFix API";

    private static readonly string[] OperationMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public JsonObject Merge(IReadOnlyList<ServiceDocument> documents, ProxyTopology topology)
    {
        var selections = documents.Select(document => Select(document, topology)).ToList();
        var gatewayOwned = new Dictionary<ComponentKey, JsonNode>
        {
            [new ComponentKey(ComponentKey.SecuritySchemes, GatewayServiceExtensions.ApiKeyScheme)] = SecurityRequirements.ApiKeyScheme(),
        };
        var naming = ComponentNaming.Assign(selections, gatewayOwned);
        foreach (var key in naming.Split)
        {
            log.ComponentSplit(key.Kind, key.Name);
        }

        var components = new JsonObject();
        foreach (var (key, content) in gatewayOwned)
        {
            Kind(components, key.Kind)[key.Name] = content.DeepClone();
        }
        foreach (var selection in selections)
        {
            foreach (var (key, content) in selection.Components)
            {
                var kind = Kind(components, key.Kind);
                var name = naming.NameOf(selection.Service, key);
                // A name already present holds the same content: that is when a name is shared.
                if (!kind.ContainsKey(name))
                {
                    kind[name] = naming.Renamed(selection.Service, content);
                }
            }
        }

        var document = new JsonObject
        {
            ["openapi"] = OpenApiVersion,
            ["info"] = new JsonObject
            {
                ["title"] = Title,
                ["version"] = "v1",
                ["description"] = "The FeedbackFix API as the gateway exposes it, merged from the documents of: " +
                    string.Join(", ", documents.Select(d => d.Service.Name)) + ".",
            },
            ["paths"] = Paths(selections, naming),
            ["components"] = components,
        };
        if (Tags(selections) is { Count: > 0 } tags)
        {
            document["tags"] = tags;
        }
        return document;
    }

    /// <summary>The operations of one service's document that the gateway forwards to it, and what they reach.</summary>
    private ServiceSelection Select(ServiceDocument source, ProxyTopology topology)
    {
        var service = source.Service.Name;
        var document = source.Document;
        var operations = new List<SelectedOperation>();
        var pathTexts = new Dictionary<string, JsonObject>();
        foreach (var (path, node) in document["paths"] as JsonObject ?? [])
        {
            if (node is not JsonObject pathItem)
            {
                continue;
            }
            if (pathItem.ContainsKey("$ref"))
            {
                // Microsoft.AspNetCore.OpenApi never writes one; say so rather than guess.
                log.PathItemReferenceSkipped(service, path);
                continue;
            }
            foreach (var method in OperationMethods)
            {
                if (pathItem[method] is not JsonObject operation)
                {
                    continue;
                }
                var route = topology.Resolve(path, method.ToUpperInvariant());
                if (route is null || !string.Equals(route.ClusterId, service, StringComparison.OrdinalIgnoreCase))
                {
                    log.OperationNotForwarded(service, method.ToUpperInvariant(), path);
                    continue;
                }
                var copy = (JsonObject)operation.DeepClone();
                MoveInSharedParameters(pathItem, copy, document);
                // The gateway is the only server; a service's own address would bypass it.
                copy.Remove("servers");
                if (!copy.ContainsKey("security") && document["security"] is JsonArray documentSecurity)
                {
                    copy["security"] = documentSecurity.DeepClone();
                }
                operations.Add(new SelectedOperation(path, method, copy, route.Access));
                pathTexts[path] = Texts(pathItem);
            }
        }

        return new ServiceSelection(service, operations, Reachable(operations, document), DeclaredTags(document), pathTexts);
    }

    /// <summary>
    /// Path-level parameters go into each operation (an operation's own of the same name and
    /// location wins, as OpenAPI says), so path items of different services can share a path.
    /// </summary>
    private static void MoveInSharedParameters(JsonObject pathItem, JsonObject operation, JsonObject document)
    {
        if (pathItem["parameters"] is not JsonArray { Count: > 0 } shared)
        {
            return;
        }
        if (operation["parameters"] is not JsonArray own)
        {
            own = [];
            operation["parameters"] = own;
        }
        var ownKeys = own.Select(parameter => ParameterKey(parameter, document)).ToHashSet();
        foreach (var parameter in shared)
        {
            if (ownKeys.Add(ParameterKey(parameter, document)))
            {
                own.Add(parameter?.DeepClone());
            }
        }
    }

    private static string ParameterKey(JsonNode? parameter, JsonObject document)
    {
        if (Text(parameter?["$ref"]) is { } reference)
        {
            parameter = ComponentRefs.TryParse(reference, out var key, out _)
                ? document["components"]?[key.Kind]?[key.Name] ?? parameter
                : parameter;
        }
        return $"{Text(parameter?["in"])}:{Text(parameter?["name"])}";
    }

    /// <summary>
    /// The components the forwarded operations reach, following references from component to
    /// component. What only a route the gateway does not forward uses stays out of the document.
    /// </summary>
    private static Dictionary<ComponentKey, JsonNode> Reachable(IEnumerable<SelectedOperation> operations, JsonObject document)
    {
        var declared = document["components"] as JsonObject;
        var reachable = new Dictionary<ComponentKey, JsonNode>();
        var pending = new Queue<ComponentKey>();
        foreach (var operation in operations)
        {
            foreach (var key in ComponentRefs.In(operation.Operation))
            {
                pending.Enqueue(key);
            }
            foreach (var scheme in SecurityRequirements.SchemesIn(operation.Operation["security"] as JsonArray))
            {
                pending.Enqueue(new ComponentKey(ComponentKey.SecuritySchemes, scheme));
            }
        }
        while (pending.TryDequeue(out var key))
        {
            if (reachable.ContainsKey(key) || declared?[key.Kind]?[key.Name] is not { } content)
            {
                continue;
            }
            reachable[key] = content;
            foreach (var referenced in ComponentRefs.In(content))
            {
                pending.Enqueue(referenced);
            }
        }
        return reachable;
    }

    private JsonObject Paths(IReadOnlyList<ServiceSelection> selections, ComponentNaming naming)
    {
        // An operationId must be unique in a document; one used by several services gets each service's prefix.
        var sharedIds = selections
            .SelectMany(selection => selection.Operations.Select(operation => (selection.Service, Id: Text(operation.Operation["operationId"]))))
            .Where(entry => entry.Id is not null)
            .GroupBy(entry => entry.Id!, StringComparer.Ordinal)
            .Where(group => group.Select(entry => entry.Service).Distinct().Count() > 1)
            .Select(group => group.Key)
            .ToHashSet(StringComparer.Ordinal);

        var paths = new JsonObject();
        foreach (var selection in selections)
        {
            foreach (var selected in selection.Operations)
            {
                var operation = selected.Operation;
                ComponentRefs.Rename(operation, key => naming.NameOf(selection.Service, key));

                var ownSecurity = operation["security"] as JsonArray;
                operation.Remove("security");
                var renamedSecurity = ownSecurity is null
                    ? null
                    : SecurityRequirements.Rename(ownSecurity, scheme => naming.NameOf(selection.Service, new ComponentKey(ComponentKey.SecuritySchemes, scheme)));
                if (SecurityRequirements.Combine(renamedSecurity, selected.Access) is { } security)
                {
                    operation["security"] = security;
                }
                GatewayResponses.AddTo(operation, selected.Method, selected.Access);

                if (Text(operation["operationId"]) is { } id && sharedIds.Contains(id))
                {
                    operation["operationId"] = $"{selection.Service}.{id}";
                }

                if (paths[selected.Path] is not JsonObject pathItem)
                {
                    pathItem = (JsonObject)selection.PathItemTexts[selected.Path].DeepClone();
                    paths[selected.Path] = pathItem;
                }
                pathItem[selected.Method] = operation;
            }
        }
        return paths;
    }

    /// <summary>Tags merged by name (the first description wins), only those some forwarded operation uses.</summary>
    private static JsonArray Tags(IReadOnlyList<ServiceSelection> selections)
    {
        var used = selections
            .SelectMany(selection => selection.Operations)
            .SelectMany(operation => operation.Operation["tags"] as JsonArray ?? [])
            .Select(Text)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var merged = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in selections.SelectMany(selection => selection.Tags))
        {
            if (Text(tag["name"]) is { } name && used.Contains(name) && seen.Add(name))
            {
                merged.Add(tag.DeepClone());
            }
        }
        return merged;
    }

    private static List<JsonObject> DeclaredTags(JsonObject document) =>
        (document["tags"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    private static JsonObject Texts(JsonObject pathItem)
    {
        var texts = new JsonObject();
        foreach (var name in new[] { "summary", "description" })
        {
            if (pathItem[name] is { } text)
            {
                texts[name] = text.DeepClone();
            }
        }
        return texts;
    }

    /// <summary>A string value, or null for anything else (a service's document is read, not trusted to be well formed).</summary>
    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonObject Kind(JsonObject components, string kind)
    {
        if (components[kind] is not JsonObject entries)
        {
            entries = [];
            components[kind] = entries;
        }
        return entries;
    }
}

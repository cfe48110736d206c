using System.Text.Json.Nodes;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>
/// The names components get in the merged document. A name declared by several services with
/// the same content (compared after their own references are renamed) stays as it is and appears
/// once. A name whose declarations differ is taken by none of them: every service's declaration
/// is renamed "{service}.{Name}" and that service's references follow it, so no service's shape
/// silently replaces another's, and the result does not depend on the order services are read.
/// A rename can make two components that refer to it differ in turn, so the comparison repeats
/// until no new name is split (each round only adds splits, so it ends).
/// The gateway's own components (the ApiKey scheme) keep their names; a service's different
/// component of that name is renamed.
/// </summary>
internal sealed class ComponentNaming
{
    private readonly Dictionary<(string Service, ComponentKey Key), string> _names;

    private ComponentNaming(Dictionary<(string Service, ComponentKey Key), string> names) => _names = names;

    /// <summary>The keys whose declarations differed, so that every service's got its own name.</summary>
    public IReadOnlySet<ComponentKey> Split { get; private init; } = new HashSet<ComponentKey>();

    public string NameOf(string service, ComponentKey key) => _names.GetValueOrDefault((service, key), key.Name);

    public static ComponentNaming Assign(IReadOnlyList<ServiceSelection> services, IReadOnlyDictionary<ComponentKey, JsonNode> gatewayOwned)
    {
        var declarers = services
            .SelectMany(service => service.Components.Select(component => (service.Service, component.Key, component.Value)))
            .GroupBy(declaration => declaration.Key)
            .Where(group => group.Count() + (gatewayOwned.ContainsKey(group.Key) ? 1 : 0) > 1)
            .ToList();

        var split = new HashSet<ComponentKey>();
        while (true)
        {
            var naming = new ComponentNaming(Names(services, gatewayOwned, split)) { Split = split };
            var newlySplit = declarers
                .Where(group => !split.Contains(group.Key))
                .Where(group =>
                {
                    var contents = group.Select(declaration => naming.Renamed(declaration.Service, declaration.Value));
                    if (gatewayOwned.TryGetValue(group.Key, out var owned))
                    {
                        contents = contents.Prepend(owned);
                    }
                    var all = contents.ToList();
                    return all.Skip(1).Any(content => !JsonNode.DeepEquals(all[0], content));
                })
                .Select(group => group.Key)
                .ToList();
            if (newlySplit.Count == 0)
            {
                return naming;
            }
            split.UnionWith(newlySplit);
        }
    }

    /// <summary>A copy of a service's component with its references under their merged names.</summary>
    public JsonNode Renamed(string service, JsonNode content)
    {
        var copy = content.DeepClone();
        ComponentRefs.Rename(copy, key => NameOf(service, key));
        return copy;
    }

    private static Dictionary<(string, ComponentKey), string> Names(
        IReadOnlyList<ServiceSelection> services, IReadOnlyDictionary<ComponentKey, JsonNode> gatewayOwned, HashSet<ComponentKey> split)
    {
        // Names that stay as they are come first, so a prefixed name can never take one of them.
        var taken = services
            .SelectMany(service => service.Components.Keys)
            .Concat(gatewayOwned.Keys)
            .Where(key => !split.Contains(key) || gatewayOwned.ContainsKey(key))
            .Select(key => (key.Kind, key.Name))
            .ToHashSet();

        var names = new Dictionary<(string, ComponentKey), string>();
        foreach (var service in services)
        {
            foreach (var key in service.Components.Keys.Where(split.Contains))
            {
                var prefix = Prefix(service.Service);
                var name = $"{prefix}.{key.Name}";
                for (var n = 2; !taken.Add((key.Kind, name)); n++)
                {
                    name = $"{prefix}{n}.{key.Name}";
                }
                names[(service.Service, key)] = name;
            }
        }
        return names;
    }

    /// <summary>Component names may hold only letters, digits, '.', '-' and '_' (OpenAPI 3.1, Components Object).</summary>
    private static string Prefix(string service) =>
        string.Concat(service.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
}

using System.Text.Json;

namespace FeedbackFix.EndToEnd.Tests;

/// <summary>The gateway's YARP routes as its appsettings.json declares them, to hold the API description against.</summary>
internal sealed record GatewayRoute(string Name, string[] Segments, string[] Methods)
{
    public static IReadOnlyList<GatewayRoute> Read()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "Gateway", "appsettings.json")));
        return [.. settings.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject().Select(route =>
        {
            var match = route.Value.GetProperty("Match");
            var methods = match.TryGetProperty("Methods", out var listed) ? listed.EnumerateArray().Select(m => m.GetString()!).ToArray() : [];
            return new GatewayRoute(route.Name, Split(match.GetProperty("Path").GetString()!), methods);
        })];
    }

    /// <summary>Whether this route takes an operation named "METHOD /path/{param}".</summary>
    public bool Matches(string operation)
    {
        var (method, path) = (operation[..operation.IndexOf(' ', StringComparison.Ordinal)], operation[(operation.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        if (Methods.Length > 0 && !Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }
        var segments = Split(path);
        for (var i = 0; i < Segments.Length; i++)
        {
            if (Segments[i].StartsWith("{**", StringComparison.Ordinal))
            {
                return true;
            }
            if (i >= segments.Length || !(Segments[i].StartsWith('{') || string.Equals(Segments[i], segments[i], StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }
        return segments.Length == Segments.Length;
    }

    public override string ToString() => $"{Name} ({string.Join(",", Methods)} /{string.Join("/", Segments)})";

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FeedbackFix.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("The tests run outside the repository: FeedbackFix.sln was not found above " + AppContext.BaseDirectory);
    }
}

namespace FeedbackFix.Bench.Pipeline;

/// <summary>Finds the clustering service's build that was made together with this program.</summary>
internal static class ClusteringBuild
{
    private const string Assembly = "FeedbackFix.Clustering";

    /// <summary>
    /// The given path, else the service's output next to this program's: the artifacts layout
    /// (<c>bin/FeedbackFix.Bench.Pipeline/release</c> beside <c>bin/FeedbackFix.Clustering/release</c>)
    /// or the default one (<c>bench/…/bin/Release/net10.0</c> and <c>Services/Clustering/bin/Release/net10.0</c>).
    /// </summary>
    public static string Locate(string? given)
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var pivot = Path.GetFileName(here);
        string[] candidates = given is not null
            ? [Path.GetFullPath(given)]
            :
            [
                Path.GetFullPath(Path.Combine(here, "..", "..", Assembly, pivot, Assembly + ".dll")),
                Path.GetFullPath(Path.Combine(here, "..", "..", "..", "..", "..", "Services", "Clustering", "bin", "Release", pivot, Assembly + ".dll")),
            ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"The clustering service's build was not found at {string.Join(" or ", candidates)}; build this program in Release or pass --clustering-dll.");
    }
}

using System.Globalization;
using FeedbackFix.Clustering;
using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// Command line: <c>&lt;tsv&gt; [more tsv] [--embedding minilm|hashing] [--seed N] [--order file|shuffled]
/// [--cache file] [--hybrid W] [--kmeans-starts N] [--recheck-singles BAR] [--dump FILE] [--research-merge RULE] [--synthetic ITEMS:TOPICS] [--set Option=value ...]</c>. <c>--set</c> overrides a
/// <see cref="GroupingOptions"/> property or one of the refinement schedule's (<see cref="ClusteringOptions"/>, e.g.
/// RefineGrowthFraction), for sweeps; without it the worker's defaults run.
/// <c>--kmeans-starts</c> sets the starts of the k-means++ reference (<see cref="KMeansReference"/>; 0 skips it);
/// <c>--recheck-singles</c> scores a research variant of the settled state (<see cref="SinglesRecheck"/>);
/// <c>--dump</c> writes the settled partition with labels and vectors for offline analysis (research);
/// <c>--research-merge</c> also scores the settled state merged further by a granularity rule (<see cref="ResearchMerge"/>),
/// or with <c>ward</c> merged by Ward's criterion to the true number of labels and then k-means passes (<see cref="WardToTrueK"/>),
/// with <c>ward-sizes</c> the same to a number estimated from the settled cluster sizes (<see cref="WardToTrueK.SizeEstimate"/>);
/// <c>--synthetic ITEMS:TOPICS</c> clusters generated vectors instead of a TSV (<see cref="SyntheticSet"/>: the cost at scale).
/// </summary>
internal sealed record BenchArgs(
    IReadOnlyList<string> Paths,
    string Embedding,
    int Seed,
    string Order,
    string? Cache,
    double Hybrid,
    int KMeansStarts,
    string? RecheckSingles,
    string? Dump,
    string? ResearchMerge,
    IReadOnlyList<(string Name, string Value)> Overrides,
    (int Items, int Topics)? Synthetic = null)
{
    public static BenchArgs Parse(string[] args)
    {
        var paths = new List<string>();
        var overrides = new List<(string, string)>();
        var (embedding, seed, order, cache, hybrid) = ("minilm", 1, "file", (string?)null, 0.0);
        var kmeansStarts = KMeansReference.DefaultStarts;
        string? recheckSingles = null;
        string? dump = null;
        string? researchMerge = null;
        (int Items, int Topics)? synthetic = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--embedding": embedding = Value(args, ++i, ["minilm", "hashing"]); break;
                case "--seed": seed = int.Parse(Value(args, ++i), CultureInfo.InvariantCulture); break;
                case "--order": order = Value(args, ++i, ["file", "shuffled"]); break;
                case "--cache": cache = Value(args, ++i); break;
                case "--hybrid": hybrid = double.Parse(Value(args, ++i), CultureInfo.InvariantCulture); break;
                case "--kmeans-starts": kmeansStarts = int.Parse(Value(args, ++i), CultureInfo.InvariantCulture); break;
                case "--recheck-singles": recheckSingles = Value(args, ++i); break;
                case "--dump": dump = Value(args, ++i); break;
                case "--research-merge": researchMerge = Value(args, ++i); break;
                case "--synthetic": synthetic = SyntheticSet.Parse(Value(args, ++i)); break;
                case "--set":
                    var pair = Value(args, ++i).Split('=', 2);
                    overrides.Add((pair[0], pair.ElementAtOrDefault(1) ?? throw new ArgumentException($"--set {pair[0]} needs =value")));
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"Unknown option {args[i]}.");
                    }

                    paths.Add(args[i]);
                    break;
            }
        }

        if (paths.Count == 0 && synthetic is null)
        {
            throw new ArgumentException("Give at least one TSV path (text<TAB>label with a header), or --synthetic ITEMS:TOPICS.");
        }

        return new BenchArgs(paths, embedding, seed, order, cache, hybrid, kmeansStarts, recheckSingles, dump, researchMerge, overrides, synthetic);
    }

    /// <summary>The worker's <see cref="GroupingOptions"/> defaults for the embedding with the <c>--set</c> options it has applied.</summary>
    public GroupingOptions Grouping() => Applied(new GroupingOptions
    {
        AssignThreshold = GroupingOptions.DefaultAssignThreshold(Embedding == "hashing" ? EmbeddingProvider.Hashing : EmbeddingProvider.MiniLm),
    });

    /// <summary>The worker's refinement schedule (<see cref="ClusteringOptions"/>) with the <c>--set</c> options it has applied.</summary>
    public ClusteringOptions Schedule() => Applied(new ClusteringOptions());

    private T Applied<T>(T options)
    {
        foreach (var (name, value) in Overrides)
        {
            if (typeof(GroupingOptions).GetProperty(name) is null && typeof(ClusteringOptions).GetProperty(name) is null)
            {
                throw new ArgumentException($"Neither GroupingOptions nor ClusteringOptions has {name}.");
            }
            if (typeof(T).GetProperty(name) is { } property)
            {
                property.SetValue(options, Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));
            }
        }

        return options;
    }

    private static string Value(string[] args, int i, string[]? allowed = null)
    {
        if (i >= args.Length || (allowed is not null && !allowed.Contains(args[i])))
        {
            throw new ArgumentException($"{args[i - 1]} needs a value{(allowed is null ? "" : ": " + string.Join('|', allowed))}.");
        }

        return args[i];
    }
}

using System.Text;

namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// Titles a cluster after its most representative item and summarises it with its most
/// distinctive terms against the other clusters (class-based TF-IDF), its reports by source and
/// when it was first and last seen. Pure computation: the caller loads items and keeps the corpus.
/// </summary>
public sealed class ClusterLabeler(LabelingOptions options)
{
    /// <summary>A term scoring at least this share of a shorter term it contains replaces it.</summary>
    private const double BigramReplacesUnigramAt = 0.5;

    /// <summary>
    /// The label of cluster <paramref name="clusterId"/>. <paramref name="corpus"/> should hold every
    /// cluster's terms, this one's included; when it does not know this cluster, the terms of
    /// <paramref name="items"/> are weighed as though they had been added.
    /// </summary>
    public ClusterLabel Label(string clusterId, IReadOnlyList<LabelItem> items, float[] centroid, TermStatistics corpus)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(corpus);

        var title = RepresentativeItems.Title(items, centroid);
        var summary = new StringBuilder();
        var terms = KeyTerms(clusterId, items, corpus);
        if (terms.Count > 0)
        {
            summary.Append("Key terms: ").AppendJoin(", ", terms).Append(". ");
        }

        summary.Append(ClusterFacts.Describe(items));
        return Bounded(title.Length > 0 ? title : $"Cluster {clusterId}", summary.ToString());
    }

    /// <summary>
    /// The cluster's <see cref="LabelingOptions.TopTerms"/> most distinctive terms, best first. A
    /// bigram takes the place of a word of it already chosen when it scores at least half as well,
    /// and a word inside a chosen bigram is not repeated ("login screen", not "login, login screen").
    /// </summary>
    public IReadOnlyList<string> KeyTerms(string clusterId, IReadOnlyList<LabelItem> items, TermStatistics corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var wanted = options.TopTerms;
        var absent = corpus.Contains(clusterId) ? null : CountTerms(items);
        var candidates = corpus.DistinctiveTerms(clusterId, wanted * 4, absent);

        var chosen = new List<WeightedTerm>(wanted);
        foreach (var candidate in candidates)
        {
            if (chosen.Count == wanted)
            {
                break;
            }

            var words = candidate.Term.Split(' ');
            if (words.Length == 1)
            {
                if (!chosen.Any(c => Words(c.Term).Contains(candidate.Term)))
                {
                    chosen.Add(candidate);
                }

                continue;
            }

            var replaced = chosen.FindIndex(c => words.Contains(c.Term) && candidate.Weight >= c.Weight * BigramReplacesUnigramAt);
            if (replaced < 0)
            {
                chosen.Add(candidate);
                continue;
            }

            chosen[replaced] = candidate;
            chosen.RemoveAll(c => c.Term != candidate.Term && words.Contains(c.Term));
        }

        return chosen.Select(c => c.Term).ToList();
    }

    /// <summary>
    /// The items a reader (or a model) should see first: nearest the centroid, then the best titled
    /// of those without a vector.
    /// </summary>
    public static IReadOnlyList<LabelItem> MostRepresentative(IReadOnlyList<LabelItem> items, float[]? centroid, int count)
    {
        ArgumentNullException.ThrowIfNull(items);
        return RepresentativeItems.Rank(items, centroid, count);
    }

    /// <summary>Reports by source and first and last seen, the sentence that ends every summary.</summary>
    public static string Facts(IReadOnlyList<LabelItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return ClusterFacts.Describe(items);
    }

    /// <summary>A label within <see cref="ClusterLabel.MaxTitleLength"/> and <see cref="ClusterLabel.MaxSummaryLength"/>.</summary>
    public static ClusterLabel Bounded(string title, string summary) => new(
        LabelText.Truncate(LabelText.OneLine(title), ClusterLabel.MaxTitleLength),
        LabelText.Truncate(LabelText.OneLine(summary), ClusterLabel.MaxSummaryLength));

    private static string[] Words(string term) => term.Split(' ');

    private static Dictionary<string, int> CountTerms(IReadOnlyList<LabelItem> items)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            foreach (var term in TermTokenizer.Terms(item.Text))
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
            }
        }

        return counts;
    }
}

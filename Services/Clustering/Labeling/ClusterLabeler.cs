namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// Titles a cluster after its most representative item and leads its summary with its most
/// distinctive terms against the other clusters (class-based TF-IDF); the counts sentence that
/// follows comes from the cluster's kept counts (<see cref="ClusterFacts"/>), not from these items.
/// Pure computation: the caller loads items and keeps the corpus.
/// </summary>
public sealed class ClusterLabeler(LabelingOptions options)
{
    /// <summary>A term scoring at least this share of a shorter term it contains replaces it.</summary>
    private const double BigramReplacesUnigramAt = 0.5;

    /// <summary>
    /// The title and summary lead of cluster <paramref name="clusterId"/>. <paramref name="corpus"/> should hold every
    /// cluster's terms, this one's included; when it does not know this cluster, the terms of
    /// <paramref name="items"/> are weighed as though they had been added.
    /// </summary>
    public ClusterLabel Label(string clusterId, IReadOnlyList<LabelItem> items, float[] centroid, TermStatistics corpus)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(corpus);

        var title = RepresentativeItems.Title(items, centroid);
        var terms = KeyTerms(clusterId, items, corpus);
        var lead = terms.Count > 0 ? $"Key terms: {string.Join(", ", terms)}." : "";
        return Bounded(title.Length > 0 ? title : $"Cluster {clusterId}", lead);
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
    /// What a chat model is shown about cluster <paramref name="clusterId"/>: its
    /// <see cref="LlmLabelingOptions.MaxItems"/> most representative <paramref name="items"/> (titles
    /// and bodies cut to what the prompt shows), its key terms and its true <paramref name="facts"/>,
    /// asked while the cluster's lead is <paramref name="lead"/>.
    /// </summary>
    public ModelQuestion Question(string clusterId, IReadOnlyList<LabelItem> items, float[] centroid, TermStatistics corpus, ClusterFacts facts, string lead)
    {
        var shown = MostRepresentative(items, centroid, options.Llm.MaxItems)
            .Select(item => item with
            {
                Title = LabelText.Truncate(LabelText.OneLine(item.Title), ClusterLabel.MaxTitleLength),
                Body = options.Llm.MaxBodyChars == 0 ? "" : LabelText.Truncate(LabelText.OneLine(item.Body), options.Llm.MaxBodyChars),
                Vector = null,
            })
            .ToList();
        return new ModelQuestion(clusterId, shown, KeyTerms(clusterId, items, corpus), facts, lead);
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

    /// <summary>A label of one-line texts within <see cref="ClusterLabel.MaxTitleLength"/> and <see cref="ClusterLabel.MaxSummaryLength"/>.</summary>
    public static ClusterLabel Bounded(string title, string lead) => new(
        LabelText.Truncate(LabelText.OneLine(title), ClusterLabel.MaxTitleLength),
        LabelText.Truncate(LabelText.OneLine(lead), ClusterLabel.MaxSummaryLength));

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

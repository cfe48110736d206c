namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// Term frequencies per cluster and across all clusters, the counts class-based TF-IDF (BERTopic's
/// c-TF-IDF) weighs a cluster's terms with. Kept up to date item by item: <see cref="Add"/> when an
/// item joins a cluster, <see cref="Remove"/> with the same text when it leaves. Each distinct term
/// string is stored once and shared by every cluster that uses it. Safe to use from several threads.
/// </summary>
public sealed class TermStatistics
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ClusterTerms> clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TermTotal> overall = new(StringComparer.Ordinal);
    private long totalTerms;

    /// <summary>Clusters holding at least one term.</summary>
    public int ClusterCount
    {
        get
        {
            lock (gate)
            {
                return clusters.Count;
            }
        }
    }

    /// <summary>Distinct terms across all clusters.</summary>
    public int VocabularySize
    {
        get
        {
            lock (gate)
            {
                return overall.Count;
            }
        }
    }

    /// <summary>Term occurrences across all clusters.</summary>
    public long TotalTerms
    {
        get
        {
            lock (gate)
            {
                return totalTerms;
            }
        }
    }

    /// <summary>A in c-TF-IDF: term occurrences per cluster on average (0 when empty).</summary>
    public double AverageTermsPerCluster
    {
        get
        {
            lock (gate)
            {
                return clusters.Count == 0 ? 0 : (double)totalTerms / clusters.Count;
            }
        }
    }

    public void Add(string clusterId, string text)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        var terms = TermTokenizer.Terms(text);
        if (terms.Count == 0)
        {
            return;
        }

        lock (gate)
        {
            if (!clusters.TryGetValue(clusterId, out var cluster))
            {
                cluster = new ClusterTerms();
                clusters.Add(clusterId, cluster);
            }

            foreach (var term in terms)
            {
                if (!overall.TryGetValue(term, out var total))
                {
                    total = new TermTotal(term);
                    overall.Add(term, total);
                }

                total.Count++;
                cluster.Counts[total.Term] = cluster.Counts.GetValueOrDefault(total.Term) + 1;
            }

            cluster.Total += terms.Count;
            totalTerms += terms.Count;
        }
    }

    /// <summary>Undoes an <see cref="Add"/> of the same text; terms the cluster does not hold are ignored.</summary>
    public void Remove(string clusterId, string text)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        var terms = TermTokenizer.Terms(text);
        lock (gate)
        {
            if (terms.Count == 0 || !clusters.TryGetValue(clusterId, out var cluster))
            {
                return;
            }

            foreach (var term in terms)
            {
                if (!cluster.Counts.TryGetValue(term, out var count))
                {
                    continue;
                }

                if (count == 1)
                {
                    cluster.Counts.Remove(term);
                }
                else
                {
                    cluster.Counts[term] = count - 1;
                }

                cluster.Total--;
                totalTerms--;
                var total = overall[term];
                if (--total.Count == 0)
                {
                    overall.Remove(term);
                }
            }

            if (cluster.Counts.Count == 0)
            {
                clusters.Remove(clusterId);
            }
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            clusters.Clear();
            overall.Clear();
            totalTerms = 0;
        }
    }

    public bool Contains(string clusterId)
    {
        lock (gate)
        {
            return clusters.ContainsKey(clusterId);
        }
    }

    /// <summary>tf(t, c): occurrences of <paramref name="term"/> in the cluster.</summary>
    public int CountIn(string clusterId, string term)
    {
        lock (gate)
        {
            return clusters.TryGetValue(clusterId, out var cluster) ? cluster.Counts.GetValueOrDefault(term) : 0;
        }
    }

    /// <summary>f(t): occurrences of <paramref name="term"/> across all clusters.</summary>
    public long CountOverall(string term)
    {
        lock (gate)
        {
            return overall.TryGetValue(term, out var total) ? total.Count : 0;
        }
    }

    /// <summary>Term occurrences in the cluster.</summary>
    public long TermsIn(string clusterId)
    {
        lock (gate)
        {
            return clusters.TryGetValue(clusterId, out var cluster) ? cluster.Total : 0;
        }
    }

    /// <summary>A copy of the cluster's term counts.</summary>
    public IReadOnlyDictionary<string, int> TermsOf(string clusterId)
    {
        lock (gate)
        {
            return clusters.TryGetValue(clusterId, out var cluster)
                ? new Dictionary<string, int>(cluster.Counts, StringComparer.Ordinal)
                : new Dictionary<string, int>(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// The cluster's <paramref name="count"/> most distinctive terms, best first: weight
    /// tf(t, c) * log(1 + A / f(t)); ties go to the ordinally smaller term.
    /// </summary>
    public IReadOnlyList<WeightedTerm> DistinctiveTerms(string clusterId, int count) =>
        DistinctiveTerms(clusterId, count, absentClusterCounts: null);

    /// <summary>
    /// As <see cref="DistinctiveTerms(string, int)"/>; when the cluster is unknown here its terms are
    /// <paramref name="absentClusterCounts"/>, weighed as though they had been added.
    /// </summary>
    internal IReadOnlyList<WeightedTerm> DistinctiveTerms(string clusterId, int count, IReadOnlyDictionary<string, int>? absentClusterCounts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (gate)
        {
            IReadOnlyDictionary<string, int>? counts;
            bool absent;
            double average;
            if (clusters.TryGetValue(clusterId, out var cluster))
            {
                (counts, absent) = (cluster.Counts, false);
                average = (double)totalTerms / clusters.Count;
            }
            else
            {
                (counts, absent) = (absentClusterCounts, true);
                var extra = counts?.Values.Sum(v => (long)v) ?? 0;
                average = (double)(totalTerms + extra) / (clusters.Count + 1);
            }

            if (counts is null || counts.Count == 0 || count == 0)
            {
                return [];
            }

            // A min-heap of the best so far: the root is the weakest, replaced when something beats it.
            var best = new PriorityQueue<WeightedTerm, WeightedTerm>(count + 1, WeakestFirst.Instance);
            foreach (var (term, tf) in counts)
            {
                var frequency = (overall.TryGetValue(term, out var total) ? total.Count : 0) + (absent ? tf : 0);
                var candidate = new WeightedTerm(term, tf * Math.Log(1 + average / Math.Max(1, frequency)));
                if (best.Count < count)
                {
                    best.Enqueue(candidate, candidate);
                }
                else if (WeakestFirst.Instance.Compare(candidate, best.Peek()) > 0)
                {
                    best.EnqueueDequeue(candidate, candidate);
                }
            }

            var ranked = new WeightedTerm[best.Count];
            for (var i = ranked.Length - 1; i >= 0; i--)
            {
                ranked[i] = best.Dequeue();
            }

            return ranked;
        }
    }

    private sealed class ClusterTerms
    {
        public Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

        public long Total { get; set; }
    }

    private sealed class TermTotal(string term)
    {
        public string Term { get; } = term;

        public long Count { get; set; }
    }

    private sealed class WeakestFirst : IComparer<WeightedTerm>
    {
        public static readonly WeakestFirst Instance = new();

        public int Compare(WeightedTerm x, WeightedTerm y)
        {
            var byWeight = x.Weight.CompareTo(y.Weight);
            return byWeight != 0 ? byWeight : string.CompareOrdinal(y.Term, x.Term);
        }
    }
}

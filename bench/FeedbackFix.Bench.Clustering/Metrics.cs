namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// External clustering scores from the contingency table of true labels against found clusters:
/// NMI (arithmetic-mean normalisation, as scikit-learn), adjusted Rand index, and accuracy after
/// the best one-to-one matching of clusters to labels (Hungarian).
/// </summary>
internal static class Metrics
{
    public static Scores Score(IReadOnlyList<string> labels, IReadOnlyList<string> clusters)
    {
        if (labels.Count != clusters.Count)
        {
            throw new ArgumentException("One cluster per label is needed.", nameof(clusters));
        }

        var labelIds = Ids(labels);
        var clusterIds = Ids(clusters);
        var table = new long[labelIds.Count, clusterIds.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            table[labelIds[labels[i]], clusterIds[clusters[i]]]++;
        }

        return new Scores(Nmi(table), Ari(table), Accuracy(table), clusterIds.Count, labelIds.Count);
    }

    internal static double Nmi(long[,] table)
    {
        var (rows, columns, n) = Margins(table);
        double mutual = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < columns.Length; j++)
            {
                var nij = table[i, j];
                if (nij > 0)
                {
                    mutual += nij / n * Math.Log(n * nij / ((double)rows[i] * columns[j]));
                }
            }
        }

        var entropy = Entropy(rows, n) + Entropy(columns, n);
        return entropy == 0 ? 1.0 : Math.Max(0, mutual) / (entropy / 2);
    }

    internal static double Ari(long[,] table)
    {
        var (rows, columns, n) = Margins(table);
        double index = 0;
        foreach (var nij in table)
        {
            index += Pairs(nij);
        }

        var rowPairs = rows.Sum(Pairs);
        var columnPairs = columns.Sum(Pairs);
        var expected = rowPairs * columnPairs / Pairs((long)n);
        var maximum = (rowPairs + columnPairs) / 2;
        return maximum == expected ? 1.0 : (index - expected) / (maximum - expected);
    }

    internal static double Accuracy(long[,] table)
    {
        var labels = table.GetLength(0);
        var clusters = table.GetLength(1);
        var cost = new double[labels, clusters];
        double n = 0;
        for (var i = 0; i < labels; i++)
        {
            for (var j = 0; j < clusters; j++)
            {
                cost[i, j] = -table[i, j];
                n += table[i, j];
            }
        }

        var match = Hungarian.Solve(cost);
        double correct = 0;
        for (var i = 0; i < labels; i++)
        {
            if (match[i] >= 0)
            {
                correct += table[i, match[i]];
            }
        }

        return n == 0 ? 0 : correct / n;
    }

    private static double Pairs(long count) => count * (count - 1) / 2.0;

    private static double Entropy(long[] margin, double n) =>
        -margin.Where(c => c > 0).Sum(c => c / n * Math.Log(c / n));

    private static (long[] Rows, long[] Columns, double N) Margins(long[,] table)
    {
        var rows = new long[table.GetLength(0)];
        var columns = new long[table.GetLength(1)];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < columns.Length; j++)
            {
                rows[i] += table[i, j];
                columns[j] += table[i, j];
            }
        }

        return (rows, columns, rows.Sum());
    }

    private static Dictionary<string, int> Ids(IEnumerable<string> values)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            ids.TryAdd(value, ids.Count);
        }

        return ids;
    }
}

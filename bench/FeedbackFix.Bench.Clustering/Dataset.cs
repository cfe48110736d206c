namespace FeedbackFix.Bench.Clustering;

internal static class Dataset
{
    /// <summary>Reads <c>text&lt;TAB&gt;label</c> rows after a header line.</summary>
    public static IReadOnlyList<LabeledText> Read(IEnumerable<string> paths)
    {
        var rows = new List<LabeledText>();
        foreach (var path in paths)
        {
            foreach (var line in File.ReadLines(path).Skip(1))
            {
                var tab = line.LastIndexOf('\t');
                if (tab <= 0)
                {
                    continue;
                }

                rows.Add(new LabeledText(line[..tab].Trim(), line[(tab + 1)..].Trim()));
            }
        }

        return rows;
    }

    /// <summary>File order, or a Fisher-Yates shuffle with a fixed seed.</summary>
    public static IReadOnlyList<int> Order(int count, string order, int seed)
    {
        var indexes = Enumerable.Range(0, count).ToArray();
        if (order == "shuffled")
        {
            new Random(seed).Shuffle(indexes);
        }

        return indexes;
    }
}

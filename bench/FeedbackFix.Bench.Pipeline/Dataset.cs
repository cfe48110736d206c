namespace FeedbackFix.Bench.Pipeline;

internal static class Dataset
{
    /// <summary>The text column of <c>text&lt;TAB&gt;label</c> rows after a header line, at most <paramref name="limit"/>.</summary>
    public static string[] ReadTexts(string path, int limit) =>
        [.. File.ReadLines(path)
            .Skip(1)
            .Select(line => line.Split('\t')[0].Trim())
            .Where(text => text.Length > 0)
            .Take(limit)];

    /// <summary>
    /// <paramref name="count"/> texts in order from the one at <paramref name="from"/>, starting over at
    /// the first when the texts run out.
    /// </summary>
    public static string[] Repeat(string[] texts, int count, int from = 0) =>
        [.. Enumerable.Range(0, count).Select(i => texts[(from + i) % texts.Length])];
}

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

    /// <summary>The texts repeated in order until there are <paramref name="count"/>.</summary>
    public static string[] Repeat(string[] texts, int count) =>
        [.. Enumerable.Range(0, count).Select(i => texts[i % texts.Length])];
}

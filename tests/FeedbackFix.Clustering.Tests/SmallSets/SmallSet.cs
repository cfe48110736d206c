namespace FeedbackFix.Clustering.Tests.SmallSets;

/// <summary>
/// One of the small hand-written feedback sets in this folder (<c>*.tsv</c>: title, body and the
/// theme a person would file it under). Written for these tests, not taken from any dataset.
/// </summary>
internal sealed record SmallSet(string Name, IReadOnlyList<(string Title, string Body, string Theme)> Reports)
{
    public static IEnumerable<string> Names => ["app-support", "checkout", "developer-api", "planner"];

    public int Themes => Reports.Select(r => r.Theme).Distinct(StringComparer.Ordinal).Count();

    public static SmallSet Read(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "SmallSets", name + ".tsv");
        var reports = File.ReadLines(path).Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(cells => (cells[0], cells[1], cells[2]))
            .ToList();
        return new SmallSet(name, reports);
    }
}

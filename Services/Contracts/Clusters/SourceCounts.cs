using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>
/// Reports per source ("reddit": 3), in source-name order. Equal to any other <see cref="SourceCounts"/>
/// with the same counts, so a cluster record read twice still equals itself.
/// </summary>
public sealed class SourceCounts : IReadOnlyDictionary<string, long>, IEquatable<SourceCounts>
{
    private readonly SortedDictionary<string, long> _counts;

    public SourceCounts(IEnumerable<KeyValuePair<string, long>> counts) =>
        _counts = new SortedDictionary<string, long>(counts.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    public static SourceCounts Empty { get; } = new([]);

    public long this[string key] => _counts[key];

    public IEnumerable<string> Keys => _counts.Keys;

    public IEnumerable<long> Values => _counts.Values;

    public int Count => _counts.Count;

    public bool ContainsKey(string key) => _counts.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out long value) => _counts.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, long>> GetEnumerator() => _counts.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(SourceCounts? other) => other is not null && _counts.SequenceEqual(other._counts);

    public override bool Equals(object? obj) => Equals(obj as SourceCounts);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (source, count) in _counts)
        {
            hash.Add(source, StringComparer.Ordinal);
            hash.Add(count);
        }
        return hash.ToHashCode();
    }
}

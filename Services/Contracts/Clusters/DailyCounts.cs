using System.Collections;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>
/// Reports per UTC day, oldest first. Equal to any other <see cref="DailyCounts"/> with the same numbers,
/// so a cluster record read twice on one day still equals itself.
/// </summary>
public sealed class DailyCounts(IEnumerable<long> counts) : IReadOnlyList<long>, IEquatable<DailyCounts>
{
    private readonly long[] _counts = [.. counts];

    public static DailyCounts Empty { get; } = new([]);

    public long this[int index] => _counts[index];

    public int Count => _counts.Length;

    public IEnumerator<long> GetEnumerator() => ((IEnumerable<long>)_counts).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(DailyCounts? other) => other is not null && _counts.AsSpan().SequenceEqual(other._counts);

    public override bool Equals(object? obj) => Equals(obj as DailyCounts);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var count in _counts)
        {
            hash.Add(count);
        }
        return hash.ToHashCode();
    }
}

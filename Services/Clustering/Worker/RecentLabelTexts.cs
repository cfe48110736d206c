using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// What labelling reads of the items clustered lately (title, body, source, when), so relabelling a
/// cluster reads from Redis only the members not seen since the start: a burst relabels thousands
/// of clusters a second, and reading their members' hashes again was most of a label's cost in
/// both processes. Oldest out first, within a budget of characters. Not thread-safe: items are
/// added from the worker's one loop, and looked up there too.
/// </summary>
internal sealed class RecentLabelTexts(long maxChars)
{
    private readonly Dictionary<string, LabelItem> _items = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private long _chars;

    public int Count => _items.Count;

    public void Add(FeedbackItem item)
    {
        if (_items.ContainsKey(item.Id))
        {
            return;
        }

        _items[item.Id] = new LabelItem(item.Id, item.Title, item.Body, item.Source, item.CreatedAt, Vector: null);
        _order.Enqueue(item.Id);
        _chars += Size(item.Title, item.Body);
        while (_chars > maxChars && _order.TryDequeue(out var oldest))
        {
            if (_items.Remove(oldest, out var evicted))
            {
                _chars -= Size(evicted.Title, evicted.Body);
            }
        }
    }

    /// <summary>
    /// Keeps <paramref name="item"/>'s current text (an edited report): replaces the kept entry in
    /// place, or adds it when none is kept.
    /// </summary>
    public void Replace(FeedbackItem item)
    {
        if (!_items.TryGetValue(item.Id, out var kept))
        {
            Add(item);
            return;
        }

        _items[item.Id] = kept with { Title = item.Title, Body = item.Body };
        _chars += Size(item.Title, item.Body) - Size(kept.Title, kept.Body);
    }

    /// <summary>The item's label inputs, without a vector; null when not kept.</summary>
    public LabelItem? Find(string itemId) => _items.GetValueOrDefault(itemId);

    // What an entry holds besides its text (the record, its id and source strings, the dictionary
    // and queue slots), about 200 bytes, counted as characters so short titles cannot make the
    // budget hold millions of entries.
    private const int EntryOverheadChars = 100;

    private static long Size(string title, string body) => EntryOverheadChars + title.Length + body.Length;
}

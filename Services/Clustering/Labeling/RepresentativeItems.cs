namespace FeedbackFix.Clustering.Labeling;

/// <summary>Which items of a cluster stand for it best, and the title they give it.</summary>
internal static class RepresentativeItems
{
    /// <summary>
    /// Up to <paramref name="count"/> items, most representative first: those with a vector by cosine
    /// to <paramref name="centroid"/>, then those without (or in another embedding space) in
    /// <see cref="ByTitle"/> order. Ties go to the earlier item, then the smaller id.
    /// </summary>
    public static List<LabelItem> Rank(IReadOnlyList<LabelItem> items, float[]? centroid, int count)
    {
        var scored = new List<(LabelItem Item, double Cosine)>(items.Count);
        var unscored = new List<LabelItem>();
        foreach (var item in items)
        {
            var cosine = Cosine(item.Vector, centroid);
            if (cosine is { } value)
            {
                scored.Add((item, value));
            }
            else
            {
                unscored.Add(item);
            }
        }

        var ranked = scored
            .OrderByDescending(s => s.Cosine)
            .ThenBy(s => s.Item.CreatedAt)
            .ThenBy(s => s.Item.Id, StringComparer.Ordinal)
            .Select(s => s.Item)
            .Take(count)
            .ToList();
        if (ranked.Count < count)
        {
            ranked.AddRange(ByTitle(unscored).Take(count - ranked.Count));
        }

        return ranked;
    }

    /// <summary>
    /// The title of the most representative item that has one; an item's first body line when none
    /// has a title; empty when the items say nothing at all.
    /// </summary>
    public static string Title(IReadOnlyList<LabelItem> items, float[]? centroid)
    {
        var ranked = Rank(items, centroid, items.Count);
        foreach (var item in ranked)
        {
            var title = LabelText.OneLine(item.Title);
            if (title.Length > 0)
            {
                return title;
            }
        }

        foreach (var item in ranked)
        {
            var line = LabelText.FirstLine(item.Body);
            if (line.Length > 0)
            {
                return line;
            }
        }

        return "";
    }

    /// <summary>
    /// Without vectors: items whose title names something (has a term) first, then by how many items
    /// share their title (case and spacing ignored), then shortest title, then earliest.
    /// </summary>
    private static IEnumerable<LabelItem> ByTitle(List<LabelItem> items)
    {
        var keyed = items.Select(i => (Item: i, Key: LabelText.OneLine(i.Title).ToLowerInvariant())).ToList();
        var frequency = keyed.CountBy(k => k.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        return keyed
            .OrderBy(k => TermTokenizer.Terms(k.Key).Count > 0 ? 0 : 1)
            .ThenByDescending(k => frequency[k.Key])
            .ThenBy(k => k.Key.Length)
            .ThenBy(k => k.Item.CreatedAt)
            .ThenBy(k => k.Item.Id, StringComparer.Ordinal)
            .Select(k => k.Item);
    }

    private static double? Cosine(float[]? vector, float[]? centroid)
    {
        if (vector is null || centroid is null || vector.Length == 0 || vector.Length != centroid.Length)
        {
            return null;
        }

        double dot = 0, vv = 0, cc = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            dot += (double)vector[i] * centroid[i];
            vv += (double)vector[i] * vector[i];
            cc += (double)centroid[i] * centroid[i];
        }

        var cosine = dot / Math.Sqrt(vv * cc);
        return double.IsFinite(cosine) ? cosine : null;
    }
}

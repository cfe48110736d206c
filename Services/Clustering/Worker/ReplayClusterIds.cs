using FeedbackFix.Domain;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// Names the clusters the refined copy opens while the arrivals are placed in it again: the id
/// of the item's current cluster when that cluster was opened after the copy was made and the
/// copy has not used the name yet, so a topic that began during the refinement keeps its id
/// (and its link); otherwise a new id. Once the replay ends (<see cref="EndReplay"/>), always a new
/// id: the adopted copy keeps this generator, and an id it merged away must never come back.
/// </summary>
internal sealed class ReplayClusterIds(IEnumerable<string> copiedIds)
{
    private readonly HashSet<string> _used = new(copiedIds, StringComparer.Ordinal);
    private bool _replaying = true;

    public string? Preferred { get; set; }

    public string Next()
    {
        if (!_replaying)
        {
            return Ids.New();
        }

        var id = Preferred is { } preferred && !_used.Contains(preferred) ? preferred : Ids.New();
        _used.Add(id);
        return id;
    }

    /// <summary>Every later cluster gets a new id.</summary>
    public void EndReplay()
    {
        _replaying = false;
        Preferred = null;
        _used.Clear();
    }
}

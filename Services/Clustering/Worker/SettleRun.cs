namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// The writer's run of settling refinements: on an idle queue, a refinement that left the store
/// unsettled (<see cref="ClusterRefiner.Unsettled"/>) is followed by another, up to
/// <see cref="ClusteringOptions.SettlePasses"/> in a row. Items placed in between pause the run (it
/// goes on once the queue is idle again, and once intake had its share of the time: see
/// <see cref="Due"/>); a refinement while items arrive, or one that settled the store, ends it; an
/// idle refinement due for another reason after a run reached its cap starts a new one.
/// </summary>
internal sealed class SettleRun
{
    private int _unsettledInARow;
    private TimeSpan _lastTook;

    /// <summary>Whether the run goes on: the next idle moment refines again (when <see cref="Due"/>).</summary>
    public bool Continues(int settlePasses) => _unsettledInARow > 0 && _unsettledInARow < settlePasses;

    /// <summary>
    /// Whether the run's next pass is due now: at once when no item was placed since the last pass;
    /// when items were (<paramref name="placedSince"/>), once the last pass took at most its share of
    /// the time since it started (<see cref="BusyPacing"/>). A pass over a large store takes seconds,
    /// and passes back to back would hold up the reports that keep coming.
    /// </summary>
    public bool Due(int settlePasses, bool placedSince, TimeSpan sinceLastEnded) =>
        Continues(settlePasses) && (!placedSince || sinceLastEnded >= BusyPacing.After(_lastTook));

    /// <summary>Records a refinement: run on an idle queue or not, whether it left the store unsettled, and how long it took.</summary>
    public void Refined(bool idle, bool unsettled, int settlePasses, TimeSpan took = default)
    {
        _unsettledInARow = idle && unsettled ? (Continues(settlePasses) ? _unsettledInARow : 0) + 1 : 0;
        _lastTook = took;
    }
}

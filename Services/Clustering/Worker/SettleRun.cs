namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// The writer's run of settling refinements: on an idle queue, a refinement that left the store
/// unsettled (<see cref="ClusterRefiner.Unsettled"/>) is followed at once by another, up to
/// <see cref="ClusteringOptions.SettlePasses"/> in a row. Items placed in between pause the run
/// (it goes on once the queue is idle again); a refinement while items arrive, or one that settled
/// the store, ends it; an idle refinement due for another reason after a run reached its cap
/// starts a new one.
/// </summary>
internal sealed class SettleRun
{
    private int _unsettledInARow;

    /// <summary>Whether the next idle moment refines again at once.</summary>
    public bool Continues(int settlePasses) => _unsettledInARow > 0 && _unsettledInARow < settlePasses;

    /// <summary>Records a refinement: run on an idle queue or not, and whether it left the store unsettled.</summary>
    public void Refined(bool idle, bool unsettled, int settlePasses) =>
        _unsettledInARow = idle && unsettled ? (Continues(settlePasses) ? _unsettledInARow : 0) + 1 : 0;
}

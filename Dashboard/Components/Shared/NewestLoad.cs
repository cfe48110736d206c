namespace FeedbackFix.Dashboard.Components.Shared;

/// <summary>
/// Orders a live page's loads. A page loads again on its refresh timer and after what its user does,
/// and the answers can come back in any order: an answer to a load that a newer one overtook shows the
/// page as it was before (a report moved away listed again, an old filter's clusters), so only the
/// newest load's answer is shown. A change the page makes from an API's own answer overtakes every load
/// still on its way, the same way.
/// </summary>
public sealed class NewestLoad
{
    private long _started;

    /// <summary>Starts a load (or a change from an answer) that overtakes every earlier one; keep the ticket it gives.</summary>
    public long Start() => ++_started;

    /// <summary>Whether the load of <paramref name="ticket"/> is still the newest, so its answer may be shown.</summary>
    public bool IsNewest(long ticket) => ticket == _started;
}

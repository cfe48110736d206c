using FeedbackFix.Clustering.Worker;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class ReplayClusterIdsTests
{
    [Fact]
    public void During_the_replay_an_arrivals_own_new_cluster_keeps_its_id_once()
    {
        var ids = new ReplayClusterIds(["copied"]) { Preferred = "opened-meanwhile" };

        Assert.Equal("opened-meanwhile", ids.Next());
        Assert.NotEqual("opened-meanwhile", ids.Next());
        ids.Preferred = "copied";
        Assert.NotEqual("copied", ids.Next());
    }

    [Fact]
    public void After_the_replay_an_id_the_copy_never_used_is_not_handed_out()
    {
        // The last arrival's cluster X joined another in the copy, so X was merged away; an
        // adopted copy that later opened a cluster as X would bring that id back.
        var ids = new ReplayClusterIds(["copied"]) { Preferred = "merged-away" };

        ids.EndReplay();

        Assert.NotEqual("merged-away", ids.Next());
    }
}

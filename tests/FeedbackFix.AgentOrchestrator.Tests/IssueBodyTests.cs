using FeedbackFix.AgentOrchestrator.Issues;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.AgentOrchestrator.Tests;

public sealed class IssueBodyTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static IssueCluster Cluster(string id) => new()
    {
        Id = id,
        Title = "CSV export drops the last row",
        Summary = "Exports are one row short.",
        Status = ClusterStatus.Fixing,
        CreatedAt = Noon,
        UpdatedAt = Noon,
        Size = 1,
    };

    [Fact]
    public void The_body_ends_with_a_hidden_marker_that_names_the_cluster_and_marks_the_issue_as_ours()
    {
        var item = new FeedbackItem("f1", FeedbackSource.Manual, null, "Last row missing", "", null, null, Noon, Noon, "c42", null);

        var body = IssueBody.Compose(Cluster("c42"), [item]);

        Assert.EndsWith("<!-- feedbackfix:cluster:c42 -->", body, StringComparison.Ordinal);
        Assert.True(FixIssueMarker.IsIn(body));
        Assert.False(FixIssueMarker.IsIn(item.Title + "\n" + "Exports are one row short."));
    }
}

using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Dashboard.Api;

namespace FeedbackFix.Dashboard.Tests;

public sealed class ClusterQueryTests
{
    [Fact]
    public void The_default_query_asks_only_for_a_page_in_the_APIs_default_order()
    {
        var parameters = new ClusterQuery().ToParameters().Where(p => p.Value is not null).ToDictionary();

        Assert.Equal(new Dictionary<string, string?> { ["limit"] = "50" }, parameters);
    }

    [Fact]
    public void Every_choice_of_the_inbox_becomes_the_APIs_parameter()
    {
        var query = new ClusterQuery(ClusterStatus.Fixing, "  crash on login ", 2, ClusterSort.LastSeen, "c1", 25);

        var parameters = query.ToParameters();

        Assert.Equal("fixing", parameters["status"]);
        Assert.Equal("crash on login", parameters["q"]);
        Assert.Equal("2", parameters["min_size"]);
        Assert.Equal("last_seen", parameters["sort"]);
        Assert.Equal("c1", parameters["cursor"]);
        Assert.Equal("25", parameters["limit"]);
    }

    [Theory]
    [InlineData(ClusterStatus.FixProposed, "fix_proposed")]
    [InlineData(ClusterStatus.Regressed, "regressed")]
    public void The_fix_proposed_and_regressed_tabs_ask_the_API_by_its_status_names(ClusterStatus status, string sent)
    {
        Assert.Equal(sent, new ClusterQuery(status).ToParameters()["status"]);
    }

    [Fact]
    public void A_blank_search_is_not_sent()
    {
        Assert.Null(new ClusterQuery(Search: "   ").ToParameters()["q"]);
    }
}

using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

/// <summary>Deleting many reports at once, as retention does, and finding the oldest ones.</summary>
public sealed class FeedbackDeletionTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly Actor Retention = Actor.Retention;

    private readonly StoreSet _stores = new(redis.Connection);

    [Fact]
    public async Task Reports_deleted_together_leave_their_clusters_with_one_activity_entry_and_one_version_bump()
    {
        var first = await _stores.AddClusterAsync(items: 3);
        var second = await _stores.AddClusterAsync(items: 1);
        var firstMembers = await _stores.Membership.GetMembersAsync(first.Id);
        var secondMembers = await _stores.Membership.GetMembersAsync(second.Id);
        var unclustered = await _stores.AddFeedbackAsync();
        var unknown = Ids.New();
        var before = await _stores.Membership.GetVersionAsync();

        var deletion = await _stores.Curation.DeleteFeedbackAsync([firstMembers[0], firstMembers[1], secondMembers[0], unclustered, unknown], Retention);

        Assert.Equal([firstMembers[0], firstMembers[1], secondMembers[0], unclustered], deletion.Deleted);
        Assert.Equal([unknown], deletion.NotFound);
        Assert.Empty(deletion.KeptWhileFixing);
        Assert.All(await _stores.Feedback.GetManyAsync([firstMembers[0], firstMembers[1], secondMembers[0], unclustered]), Assert.Null);
        Assert.Equal([firstMembers[2]], await _stores.Membership.GetMembersAsync(first.Id));
        Assert.Equal(1, (await _stores.Clusters.GetAsync(first.Id))!.Size);
        Assert.Null(await _stores.Clusters.GetAsync(second.Id));
        Assert.Equal(before + 1, await _stores.Membership.GetVersionAsync());
        var entry = (await _stores.Curation.GetActivityAsync(first.Id))![0];
        Assert.Equal((ActivityType.Deleted, "retention", 2L), (entry.Type, entry.By, entry.Count));
        Assert.False(await _stores.Db.SetContainsAsync("feedback:unclustered", unclustered));
    }

    [Fact]
    public async Task Reports_of_a_fixing_cluster_are_kept_and_named_while_the_others_are_deleted()
    {
        var fixing = (await _stores.AddJobAsync()).Job!.ClusterId;
        var held = (await _stores.Membership.GetMembersAsync(fixing))[0];
        var free = await _stores.AddFeedbackAsync();

        var deletion = await _stores.Curation.DeleteFeedbackAsync([held, free], Retention);
        var one = await _stores.Curation.DeleteFeedbackAsync(held, Retention);

        Assert.Equal([free], deletion.Deleted);
        Assert.Equal(new Dictionary<string, string> { [held] = fixing }, deletion.KeptWhileFixing);
        Assert.Equal(CurationResult.Fixing(fixing), one);
        Assert.NotNull(await _stores.Feedback.GetAsync(held));
        Assert.Equal(1, (await _stores.Clusters.GetAsync(fixing))!.Size);
    }

    [Fact]
    public async Task The_reports_created_before_a_time_are_listed_oldest_first_a_page_at_a_time()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var cutoff = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var newest = await stores.AddFeedbackAsync(cutoff.AddDays(-1));
        var oldest = await stores.AddFeedbackAsync(cutoff.AddDays(-30));
        var middle = await stores.AddFeedbackAsync(cutoff.AddDays(-10));
        await stores.AddFeedbackAsync(cutoff);
        await stores.AddFeedbackAsync(cutoff.AddDays(1));

        Assert.Equal([oldest, middle, newest], await stores.Feedback.ListCreatedBeforeAsync(cutoff, 0, 10));
        Assert.Equal([middle], await stores.Feedback.ListCreatedBeforeAsync(cutoff, 1, 1));
        Assert.Empty(await stores.Feedback.ListCreatedBeforeAsync(cutoff, 3, 10));
    }
}

using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

public sealed class ClusterMembershipStoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly StoreSet _stores = new(redis.Connection);

    [Fact]
    public async Task Opening_a_cluster_writes_it_with_its_items_centroid_and_indexes()
    {
        var items = new[] { await _stores.AddFeedbackAsync(), await _stores.AddFeedbackAsync() };
        var clusterId = Ids.New();
        await using var lease = await LeaseAsync();

        var committed = await _stores.Membership.CommitAsync(
            new MembershipChanges([new ClusterMembershipUpdate(clusterId, [0.6f, 0.8f], items, [], Opened: true, Title: "Crash")], []),
            lease.Lease);

        Assert.True(committed);
        var cluster = await _stores.Clusters.GetAsync(clusterId);
        Assert.Equal(("Crash", ClusterStatus.New, 2L), (cluster!.Title, cluster.Status, cluster.Size));
        Assert.Equal(items.Order(), (await _stores.Clusters.GetItemsAsync(clusterId, null, 10)).Items.Select(i => i.Id).Order());
        Assert.All(await _stores.Feedback.GetManyAsync(items), item => Assert.Equal(clusterId, item!.ClusterId));
        Assert.False(await _stores.Db.SetContainsAsync("feedback:unclustered", items[0]));
        var centroid = VectorCodec.Decode(await _stores.Db.StringGetAsync($"cluster:vector:{clusterId}"), 2)!;
        Assert.Equal(0.6f, centroid[0], 0.001f);
        Assert.Equal(0.8f, centroid[1], 0.001f);
        Assert.Equal(2, await _stores.Db.SortedSetScoreAsync("clusters:status:new", clusterId));
        Assert.Equal(2, await _stores.Db.SortedSetScoreAsync("clusters:by_size", clusterId));
    }

    [Fact]
    public async Task A_merge_leaves_a_pointer_and_removes_the_absorbed_cluster_everywhere()
    {
        var survivor = await _stores.AddClusterAsync(items: 2);
        var absorbed = await _stores.AddClusterAsync(items: 1);
        var moved = (await _stores.Clusters.GetItemsAsync(absorbed.Id, null, 10)).Items.Single().Id;
        await using var lease = await LeaseAsync();

        await _stores.Membership.CommitAsync(new MembershipChanges(
            [new ClusterMembershipUpdate(survivor.Id, [1f, 0f], [moved], [])],
            [new ClusterMerge(absorbed.Id, survivor.Id)]), lease.Lease);

        Assert.Equal(survivor.Id, (await _stores.Clusters.GetAsync(absorbed.Id))!.Id);
        Assert.Equal(survivor.Id, (await _stores.Feedback.GetAsync(moved))!.ClusterId);
        Assert.False(await _stores.Db.SetContainsAsync("clusters:all", absorbed.Id));
        Assert.Null(await _stores.Db.SortedSetScoreAsync("clusters:by_size", absorbed.Id));
        Assert.Null(await _stores.Db.SortedSetScoreAsync("clusters:status:new", absorbed.Id));
        Assert.Equal(3, (await _stores.Clusters.GetAsync(survivor.Id))!.Size);
    }

    [Fact]
    public async Task Recounting_sets_sizes_that_differ_from_the_members_in_every_index_and_answers_them_leaving_the_right_ones()
    {
        // Its own server: the recount answers for every cluster there is.
        await using var server = new RedisServer();
        await server.InitializeAsync();
        var stores = new StoreSet(server.Connection);
        var undercounted = await stores.AddClusterAsync(items: 3);
        var unsized = await stores.AddClusterAsync(items: 2);
        var right = await stores.AddClusterAsync(items: 2);
        await stores.Clusters.ChangeAsync(undercounted.Id, new ClusterChanges(Status: ClusterStatus.Ignored), StatusTransitions.UserMayMove);
        await stores.Db.HashSetAsync($"cluster:{undercounted.Id}", "size", 2);
        await stores.Db.SortedSetAddAsync("clusters:by_size", undercounted.Id, 2);
        await stores.Db.SortedSetAddAsync("clusters:status:ignored", undercounted.Id, 2);
        await stores.Db.HashDeleteAsync($"cluster:{unsized.Id}", "size");

        var first = await stores.Membership.RecountSizesAsync();
        var second = await stores.Membership.RecountSizesAsync();

        Assert.Equal(new[] { undercounted.Id, unsized.Id }.Order(StringComparer.Ordinal), first.Order(StringComparer.Ordinal));
        Assert.Empty(second);
        // The writer relabels them unforced (their counts sentence); nothing is queued for a forced relabel.
        Assert.Empty(await stores.Membership.GetCuratedAsync());
        Assert.Equal(3, (await stores.Clusters.GetAsync(undercounted.Id))!.Size);
        Assert.Equal(3, await stores.Db.SortedSetScoreAsync("clusters:by_size", undercounted.Id));
        Assert.Equal(3, await stores.Db.SortedSetScoreAsync("clusters:status:ignored", undercounted.Id));
        Assert.Null(await stores.Db.SortedSetScoreAsync("clusters:status:new", undercounted.Id));
        Assert.Equal(2, (await stores.Clusters.GetAsync(unsized.Id))!.Size);
        Assert.Equal(2, (await stores.Clusters.GetAsync(right.Id))!.Size);
    }

    [Fact]
    public async Task A_report_left_naming_a_removed_cluster_is_queued_to_be_placed_again_once_and_the_others_stay()
    {
        await using var server = new RedisServer();
        await server.InitializeAsync();
        var stores = new StoreSet(server.Connection);
        var removed = await stores.AddClusterAsync(items: 1);
        var kept = await stores.AddClusterAsync(items: 2);
        var stranded = Assert.Single(await stores.Membership.GetMembersAsync(removed.Id));
        await StrandAsync(stores.Db, removed.Id, kept.Id);
        await stores.Db.KeyDeleteAsync("stream:feedback");

        var released = await stores.Membership.ReleaseStrandedAsync();

        Assert.Equal(1, released);
        Assert.Null((await stores.Feedback.GetAsync(stranded))!.ClusterId);
        Assert.True(await stores.Db.SetContainsAsync("feedback:unclustered", stranded));
        Assert.Equal([stranded], (await stores.Db.StreamRangeAsync("stream:feedback")).Select(e => (string?)e["id"]));
        Assert.All(await stores.Membership.GetMembersAsync(kept.Id), id => Assert.False(stores.Db.SetContains("feedback:unclustered", id)));
        // Once per store: commits no longer strand a report.
        await StrandAsync(stores.Db, kept.Id, removed.Id);
        Assert.Equal(0, await stores.Membership.ReleaseStrandedAsync());
    }

    /// <summary>What a curation once did on a stored size that undercounted: the cluster removed, its reports still naming it.</summary>
    internal static async Task StrandAsync(StackExchange.Redis.IDatabase db, string clusterId, string emptiedInto)
    {
        var tx = db.CreateTransaction();
        ClusterRecordRemoval.Write(tx, clusterId, ClusterStatus.New, emptiedInto);
        Assert.True(await tx.ExecuteAsync());
    }

    [Fact]
    public async Task An_item_removed_and_added_again_by_one_write_stays_and_the_size_counts_it()
    {
        var cluster = await _stores.AddClusterAsync(items: 2);
        var member = (await _stores.Membership.GetMembersAsync(cluster.Id))[0];
        await using var lease = await LeaseAsync();

        Assert.True(await _stores.Membership.CommitAsync(
            new MembershipChanges([new ClusterMembershipUpdate(cluster.Id, [1f], [member], [member])], []), lease.Lease));

        Assert.Contains(member, await _stores.Membership.GetMembersAsync(cluster.Id));
        Assert.Equal(2, (await _stores.Clusters.GetAsync(cluster.Id))!.Size);
    }

    [Fact]
    public async Task A_commit_that_updates_a_cluster_it_also_absorbs_is_refused_before_writing()
    {
        var survivor = await _stores.AddClusterAsync(items: 1);
        var absorbed = await _stores.AddClusterAsync(items: 1);
        await using var lease = await LeaseAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => _stores.Membership.CommitAsync(new MembershipChanges(
            [new ClusterMembershipUpdate(absorbed.Id, [1f], [], [])], [new ClusterMerge(absorbed.Id, survivor.Id)]), lease.Lease));

        Assert.Equal(absorbed.Id, (await _stores.Clusters.GetAsync(absorbed.Id))!.Id);
    }

    [Fact]
    public async Task A_commit_without_the_lease_writes_nothing()
    {
        var item = await _stores.AddFeedbackAsync();
        await using var lease = await LeaseAsync();
        await lease.Lease.ReleaseAsync();

        var committed = await _stores.Membership.CommitAsync(
            new MembershipChanges([new ClusterMembershipUpdate(Ids.New(), [1f], [item], [], Opened: true)], []), lease.Lease);

        Assert.False(committed);
        Assert.Null((await _stores.Feedback.GetAsync(item))!.ClusterId);
    }

    [Fact]
    public async Task A_commit_indexes_a_cluster_under_the_status_it_has_now()
    {
        var cluster = await _stores.AddClusterAsync(items: 1);
        var item = await _stores.AddFeedbackAsync();
        await _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: ClusterStatus.Ignored), StatusTransitions.UserMayMove);
        await using var lease = await LeaseAsync();

        var committed = await _stores.Membership.CommitAsync(
            new MembershipChanges([new ClusterMembershipUpdate(cluster.Id, [1f], [item], [])], []), lease.Lease);

        Assert.True(committed);
        Assert.Null(await _stores.Db.SortedSetScoreAsync("clusters:status:new", cluster.Id));
        Assert.Equal(2, await _stores.Db.SortedSetScoreAsync("clusters:status:ignored", cluster.Id));
    }

    [Fact]
    public async Task A_refinements_commit_touching_a_cluster_decided_since_its_plan_is_refused_and_writes_nothing()
    {
        var survivor = await _stores.AddClusterAsync(items: 1);
        var absorbed = await _stores.AddClusterAsync(items: 1);
        // A person decided about it between the refinement's own check of the decided clusters and its commit.
        await _stores.Clusters.ChangeAsync(absorbed.Id, new ClusterChanges(Status: ClusterStatus.Ignored), StatusTransitions.UserMayMove);
        await using var lease = await LeaseAsync();
        var moved = (await _stores.Membership.GetMembersAsync(absorbed.Id)).Single();

        var committed = await _stores.Membership.CommitAsync(
            new MembershipChanges([new ClusterMembershipUpdate(survivor.Id, [1f], [moved], [])], [new ClusterMerge(absorbed.Id, survivor.Id)]),
            lease.Lease, undecidedOnly: true);

        Assert.False(committed);
        Assert.Equal(ClusterStatus.Ignored, (await _stores.Clusters.GetAsync(absorbed.Id))!.Status);
        Assert.Equal(absorbed.Id, (await _stores.Clusters.GetAsync(absorbed.Id))!.Id);
    }

    [Fact]
    public async Task A_report_joining_a_fixed_cluster_marks_it_regressed_in_every_index()
    {
        var cluster = await _stores.AddClusterAsync(items: 1);
        var item = await _stores.AddFeedbackAsync();
        await _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: ClusterStatus.Fixed), StatusTransitions.UserMayMove);
        await using var lease = await LeaseAsync();

        var committed = await _stores.Membership.CommitAsync(
            new MembershipChanges([new ClusterMembershipUpdate(cluster.Id, [1f], [item], [])], []), lease.Lease);

        Assert.True(committed);
        Assert.Equal(ClusterStatus.Regressed, (await _stores.Clusters.GetAsync(cluster.Id))!.Status);
        Assert.Equal("regressed", (string?)await _stores.Db.HashGetAsync(RedisKeys.Cluster(cluster.Id), "status"));
        Assert.Null(await _stores.Db.SortedSetScoreAsync("clusters:status:fixed", cluster.Id));
        Assert.Null(await _stores.Db.SortedSetScoreAsync("clusters:by_last_seen:fixed", cluster.Id));
        Assert.Equal(2, await _stores.Db.SortedSetScoreAsync("clusters:status:regressed", cluster.Id));
        Assert.NotNull(await _stores.Db.SortedSetScoreAsync("clusters:by_last_seen:regressed", cluster.Id));
        Assert.Equal(cluster.Id, (await _stores.Clusters.ListAsync(ClusterStatus.Regressed, null, 100)).Items.Single(c => c.Id == cluster.Id).Id);
    }

    [Fact]
    public async Task A_commit_that_adds_no_report_leaves_a_fixed_cluster_fixed()
    {
        var cluster = await _stores.AddClusterAsync(items: 2);
        var leaving = (await _stores.Clusters.GetItemsAsync(cluster.Id, null, 10)).Items[0].Id;
        await _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: ClusterStatus.Fixed), StatusTransitions.UserMayMove);
        await using var lease = await LeaseAsync();

        await _stores.Membership.CommitAsync(
            new MembershipChanges([new ClusterMembershipUpdate(cluster.Id, [1f], [], [leaving])], []), lease.Lease);

        Assert.Equal(ClusterStatus.Fixed, (await _stores.Clusters.GetAsync(cluster.Id))!.Status);
    }

    [Fact]
    public async Task Generated_labels_are_saved_unless_a_person_edited_them_or_the_cluster_is_gone()
    {
        var generated = await _stores.AddClusterAsync(items: 1);
        var edited = await _stores.AddClusterAsync(items: 1);
        var gone = await _stores.AddClusterAsync(items: 1);
        await _stores.Clusters.ChangeAsync(edited.Id, new ClusterChanges(Title: "Named by a person"), StatusTransitions.UserMayMove);
        var bases = await _stores.Membership.GetLabelBasesAsync([generated.Id, edited.Id, gone.Id, Ids.New()]);
        await _stores.Db.KeyDeleteAsync($"cluster:{gone.Id}");

        var saved = await Task.WhenAll(
            _stores.Membership.SetLabelsAsync(bases[0]!, "Key terms: login. 1 report.", "Login fails", "Key terms: login."),
            _stores.Membership.SetLabelsAsync(bases[1]!, "Generated summary.", "Generated", "Generated."),
            _stores.Membership.SetLabelsAsync(bases[2]!, "No cluster.", "Nobody", "None."));

        Assert.Equal([LabelSave.Saved, LabelSave.Kept, LabelSave.Kept], saved);
        Assert.Null(bases[3]);
        Assert.True(bases[1]!.EditedByPerson);
        var stored = await _stores.Clusters.GetAsync(generated.Id);
        Assert.Equal(("Login fails", "Key terms: login. 1 report."), (stored!.Title, stored.Summary));
        Assert.Equal("Named by a person", (await _stores.Clusters.GetAsync(edited.Id))!.Title);
        Assert.False(await _stores.Db.KeyExistsAsync($"cluster:{gone.Id}"));
    }

    [Fact]
    public async Task A_label_basis_holds_the_kept_counts_and_the_stored_lead()
    {
        var start = new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
        string[] items =
        [
            await _stores.AddFeedbackAsync(start.AddDays(2), FeedbackSource.Reddit),
            await _stores.AddFeedbackAsync(start, FeedbackSource.Sentry),
            await _stores.AddFeedbackAsync(start.AddDays(1), FeedbackSource.Reddit),
        ];
        var cluster = await _stores.Clusters.CreateAsync(new NewCluster("Crash", "By hand.", items));

        var before = Assert.Single(await _stores.Membership.GetLabelBasesAsync([cluster.Id]))!;
        await _stores.Membership.SetLabelsAsync(before, "Key terms: crash. 3 reports.", summaryLead: "Key terms: crash.");
        var after = Assert.Single(await _stores.Membership.GetLabelBasesAsync([cluster.Id]))!;

        Assert.Equal((3L, start, start.AddDays(2)), (before.Size, before.FirstSeen!.Value, before.LastSeen!.Value));
        Assert.Equal(new SourceCounts([new("reddit", 2), new("sentry", 1)]), before.Sources);
        Assert.Equal((null, "By hand.", false), (before.SummaryLead, before.Summary, before.EditedByPerson));
        Assert.Equal(("Key terms: crash.", "Key terms: crash. 3 reports.", "Crash"),
            (after.SummaryLead, after.Summary, (await _stores.Clusters.GetAsync(cluster.Id))!.Title));
    }

    [Fact]
    public async Task A_summary_built_from_counts_that_changed_since_they_were_read_is_not_saved()
    {
        var cluster = await _stores.AddClusterAsync(items: 2);
        var basis = Assert.Single(await _stores.Membership.GetLabelBasesAsync([cluster.Id]))!;
        var joined = await _stores.AddFeedbackAsync(source: FeedbackSource.Github);
        await using (var lease = await LeaseAsync())
        {
            Assert.True(await _stores.Membership.CommitAsync(
                new MembershipChanges([new ClusterMembershipUpdate(cluster.Id, [1f], [joined], [])], []), lease.Lease));
        }

        var saved = await _stores.Membership.SetLabelsAsync(basis, "2 reports (manual 2).", "Stale", "Stale.");

        Assert.Equal(LabelSave.ChangedSinceRead, saved);
        var stored = await _stores.Clusters.GetAsync(cluster.Id);
        Assert.Equal(("Crash on start", "People report a crash.", 3L), (stored!.Title, stored.Summary, stored.Size));
    }

    [Fact]
    public async Task A_summary_built_on_a_lead_that_changed_since_it_was_read_is_not_saved()
    {
        var cluster = await _stores.AddClusterAsync(items: 2);
        var read = Assert.Single(await _stores.Membership.GetLabelBasesAsync([cluster.Id]))!;
        // Another saver (a chat model's answer) stores a new lead in between.
        Assert.Equal(LabelSave.Saved, await _stores.Membership.SetLabelsAsync(read, "The app crashes at start. 2 reports (manual 2).", "Crash at start", "The app crashes at start."));

        var saved = await _stores.Membership.SetLabelsAsync(read, "Key terms: crash. 2 reports (manual 2).");

        Assert.Equal(LabelSave.ChangedSinceRead, saved);
        var stored = await _stores.Clusters.GetAsync(cluster.Id);
        Assert.Equal(("Crash at start", "The app crashes at start. 2 reports (manual 2)."), (stored!.Title, stored.Summary));
    }

    [Fact]
    public async Task A_lead_saved_by_a_model_reads_back_as_the_models_and_a_key_terms_lead_after_it_does_not()
    {
        var cluster = await _stores.AddClusterAsync(items: 2);
        var read = Assert.Single(await _stores.Membership.GetLabelBasesAsync([cluster.Id]))!;
        Assert.Equal(LabelSave.Saved, await _stores.Membership.SetLabelsAsync(read, "The app crashes at start. 2 reports.", "Crash at start", "The app crashes at start.", leadByModel: true));
        var byModel = Assert.Single(await _stores.Membership.GetLabelBasesAsync([cluster.Id]))!;
        Assert.Equal(LabelSave.Saved, await _stores.Membership.SetLabelsAsync(byModel, "Key terms: crash. 2 reports.", "Crash on start", "Key terms: crash."));
        var byTerms = Assert.Single(await _stores.Membership.GetLabelBasesAsync([cluster.Id]))!;

        Assert.False(read.LeadByModel);
        Assert.True(byModel.LeadByModel);
        Assert.Equal("The app crashes at start.", byModel.SummaryLead);
        Assert.False(byTerms.LeadByModel);
    }

    [Fact]
    public async Task Every_commit_bumps_the_version_and_load_sees_the_members()
    {
        var item = await _stores.AddFeedbackAsync();
        var clusterId = Ids.New();
        var before = await _stores.Membership.GetVersionAsync();
        await using var lease = await LeaseAsync();

        await _stores.Membership.CommitAsync(
            new MembershipChanges([new ClusterMembershipUpdate(clusterId, [1f], [item], [], Opened: true)], []), lease.Lease);

        Assert.Equal(before + 1, await _stores.Membership.GetVersionAsync());
        var loaded = (await _stores.Membership.LoadAllAsync()).Single(c => c.ClusterId == clusterId);
        Assert.Equal([item], loaded.ItemIds);
    }

    [Fact]
    public async Task A_cluster_made_by_hand_bumps_the_version_so_a_commit_decided_before_it_is_refused()
    {
        var item = await _stores.AddFeedbackAsync();
        var decidedAt = await _stores.Membership.GetVersionAsync();
        var made = await _stores.Clusters.CreateAsync(new NewCluster("Crash", "By hand.", [item]));
        await using var lease = await LeaseAsync();

        var committed = await _stores.Membership.CommitAsync(
            new MembershipChanges([new ClusterMembershipUpdate(Ids.New(), [1f], [item], [], Opened: true)], []), lease.Lease, decidedAt);

        Assert.False(committed);
        Assert.Equal(decidedAt + 1, await _stores.Membership.GetVersionAsync());
        Assert.Equal(made.Id, (await _stores.Feedback.GetAsync(item))!.ClusterId);
    }

    [Fact]
    public async Task Item_vectors_round_trip_as_little_endian_half_precision_and_the_model_is_recorded()
    {
        var item = await _stores.AddFeedbackAsync();
        float[] vector = [0.25f, -1.5f, 0.125f];

        await _stores.Vectors.SaveItemVectorsAsync([(item, vector)]);
        await _stores.Vectors.SetModelAsync(new EmbeddingModel("test-model", 3));

        var read = await _stores.Vectors.GetItemVectorsAsync([item, "missing-id"], 3);
        Assert.Equal(vector, read[0]);
        Assert.Null(read[1]);
        Assert.Equal(new EmbeddingModel("test-model", 3), await _stores.Vectors.GetModelAsync());
        var raw = (byte[])(await _stores.Db.StringGetAsync($"feedback:vector:{item}"))!;
        Assert.Equal(6, raw.Length);
        Assert.Equal(BitConverter.GetBytes((Half)0.25f), raw[..2]);
    }

    [Fact]
    public async Task A_lease_is_exclusive_and_only_its_holder_renews_or_releases_it()
    {
        var key = "lock:test:" + Ids.New();
        var first = await RedisLease.TryAcquireAsync(_stores.Db, key, TimeSpan.FromSeconds(10));
        var second = await RedisLease.TryAcquireAsync(_stores.Db, key, TimeSpan.FromSeconds(10));

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.True(await first.RenewAsync(TimeSpan.FromSeconds(10)));
        await _stores.Db.StringSetAsync(key, "someone-else");
        Assert.False(await first.RenewAsync(TimeSpan.FromSeconds(10)));
        await first.ReleaseAsync();
        Assert.Equal("someone-else", (string?)await _stores.Db.StringGetAsync(key));
    }

    [Fact]
    public async Task A_lease_taken_under_a_holder_token_is_taken_again_by_that_holder_only()
    {
        var key = "lock:test:" + Ids.New();
        var holder = RedisLease.NewHolder();
        await _stores.Db.StringSetAsync(key, holder, TimeSpan.FromSeconds(1));

        var again = await RedisLease.TryAcquireAsync(_stores.Db, key, TimeSpan.FromSeconds(10), holder);
        var other = await RedisLease.TryAcquireAsync(_stores.Db, key, TimeSpan.FromSeconds(10), RedisLease.NewHolder());

        Assert.NotNull(again);
        Assert.Null(other);
        Assert.InRange((await _stores.Db.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        await again.ReleaseAsync();
        Assert.False(await _stores.Db.KeyExistsAsync(key));
    }

    [Fact]
    public async Task Finishing_curated_clusters_writes_their_centroids_and_forgets_them_unless_the_version_moved_meanwhile()
    {
        var split = Ids.New();
        await _stores.Db.SetAddAsync("clustering:relabel", split);
        await using var lease = await LeaseAsync();
        var version = await _stores.Membership.GetVersionAsync();
        await _stores.Membership.MarkChangedAsync();

        var refused = await _stores.Membership.FinishCuratedAsync([split], [(split, [0.6f, 0.8f])], lease.Lease, version);

        Assert.False(refused);
        Assert.Contains(split, await _stores.Membership.GetCuratedAsync());
        Assert.False(await _stores.Db.KeyExistsAsync($"cluster:vector:{split}"));

        var finished = await _stores.Membership.FinishCuratedAsync([split], [(split, [0.6f, 0.8f])], lease.Lease, await _stores.Membership.GetVersionAsync());

        Assert.True(finished);
        Assert.DoesNotContain(split, await _stores.Membership.GetCuratedAsync());
        Assert.Equal([0.6f, 0.8f], VectorCodec.Decode(await _stores.Db.StringGetAsync($"cluster:vector:{split}"), 2)!.Select(v => MathF.Round(v, 3)));
    }

    private async Task<HeldLease> LeaseAsync()
    {
        var lease = await RedisLease.TryAcquireAsync(_stores.Db, "lock:clustering", TimeSpan.FromSeconds(30));
        return new HeldLease(lease ?? throw new InvalidOperationException("The clustering lease is taken."));
    }

    private sealed record HeldLease(RedisLease Lease) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Lease.ReleaseAsync();
    }
}

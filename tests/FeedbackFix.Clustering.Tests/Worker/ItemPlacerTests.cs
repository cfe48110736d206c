using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>The membership writer's placer against a person's curation at the same moment, over a real Redis.</summary>
public sealed class ItemPlacerTests
{
    private static readonly DateTimeOffset Sent = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_report_deleted_while_its_batch_is_placed_is_never_written_back()
    {
        await using var harness = await LabelingHarness.StartAsync(new LabelingOptions());
        // Each round races one placement against one deletion; whichever lands first, the report must end deleted.
        for (var round = 0; round < 40; round++)
        {
            var id = Assert.Single(await harness.AddAsync([Report(round)]));
            await harness.EmbedQueuedAsync();

            await Task.WhenAll(harness.PlaceEmbeddedAsync(), harness.Curation.DeleteFeedbackAsync(id, new Actor("privacy-request")))
                .WaitAsync(TimeSpan.FromSeconds(30));

            Assert.False(await harness.Db.KeyExistsAsync(RedisKeys.Feedback(id)), $"round {round}: the deleted report's hash is back");
            foreach (var clusterId in (await harness.Db.SetMembersAsync(RedisKeys.ClustersAll)).Select(c => c.ToString()))
            {
                Assert.False(await harness.Db.SetContainsAsync(RedisKeys.ClusterItems(clusterId), id), $"round {round}: cluster {clusterId} holds the deleted report");
            }
        }
    }

    [Fact]
    public async Task A_vector_an_embedder_stored_after_its_report_was_deleted_goes_when_the_writer_meets_the_entry()
    {
        await using var harness = await LabelingHarness.StartAsync(new LabelingOptions());
        var id = Assert.Single(await harness.AddAsync([Report(0)]));
        var vector = await harness.Db.StringGetAsync(RedisKeys.FeedbackVector(id));
        Assert.False(vector.IsNull);
        await harness.EmbedQueuedAsync();
        await harness.Curation.DeleteFeedbackAsync(id, new Actor("privacy-request"));
        // The embedder's hand-on (vector, stream:embedded entry) landing just after the deletion.
        await harness.Db.StringSetAsync(RedisKeys.FeedbackVector(id), vector);

        await harness.PlaceEmbeddedAsync();

        Assert.False(await harness.Db.KeyExistsAsync(RedisKeys.FeedbackVector(id)));
        Assert.False(await harness.Db.KeyExistsAsync(RedisKeys.Feedback(id)));
        var dead = Assert.Single(await harness.Db.StreamRangeAsync(RedisKeys.EmbeddedStream.Append(":dead")));
        Assert.Contains("does not exist", dead["dead_reason"].ToString(), StringComparison.Ordinal);
    }

    private static NewFeedback Report(int round) =>
        new(FeedbackSource.Manual, $"report-{round}", $"Export fails, case {round}", "The CSV export stops halfway.", null, "someone", Sent);
}

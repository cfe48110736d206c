using FeedbackFix.Clustering.Worker;
using FeedbackFix.Domain.Queues;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class StreamBatchesTests
{
    private static WorkItem Entry(string id) => new(id, new Dictionary<string, string> { ["id"] = "report-" + id }, DeliveryCount: 1);

    [Fact]
    public async Task A_batch_of_one_entry_that_fails_leaves_it_pending_and_lets_the_loop_go_on()
    {
        var tried = 0;

        var done = await StreamBatches.ProcessIsolatingFailuresAsync([Entry("1-0")], _ =>
        {
            tried++;
            throw new InvalidOperationException("The membership commit was refused twice; the batch stays pending.");
        }, NullLogger.Instance);

        Assert.Equal(0, done);
        Assert.Equal(1, tried);
    }

    [Fact]
    public async Task A_failed_batch_is_tried_again_one_entry_at_a_time_and_the_good_ones_go_through()
    {
        var done = await StreamBatches.ProcessIsolatingFailuresAsync([Entry("1-0"), Entry("2-0"), Entry("3-0")], batch =>
            batch.Count > 1 || batch[0].Id == "2-0" ? throw new InvalidOperationException("a poison entry") : Task.FromResult(1),
            NullLogger.Instance);

        Assert.Equal(2, done);
    }

    [Fact]
    public async Task Entries_of_a_failed_batch_are_not_tried_one_by_one_once_the_work_is_stopping()
    {
        using var tenure = new CancellationTokenSource();
        var tried = new List<string>();

        var done = await StreamBatches.ProcessIsolatingFailuresAsync([Entry("1-0"), Entry("2-0"), Entry("3-0")], batch =>
        {
            if (batch.Count > 1)
            {
                throw new InvalidOperationException("The membership commit was refused twice; the batch stays pending.");
            }
            tried.Add(batch[0].Id);
            // The lease is found lost while the first entry is tried on its own.
            tenure.Cancel();
            throw new InvalidOperationException("The membership commit was refused twice; the batch stays pending.");
        }, NullLogger.Instance, tenure.Token);

        Assert.Equal(0, done);
        Assert.Equal(["1-0"], tried);
    }

    [Fact]
    public async Task A_redis_outage_is_not_taken_for_a_failed_entry()
    {
        await Assert.ThrowsAsync<StackExchange.Redis.RedisConnectionException>(() => StreamBatches.ProcessIsolatingFailuresAsync([Entry("1-0")],
            _ => throw new StackExchange.Redis.RedisConnectionException(StackExchange.Redis.ConnectionFailureType.UnableToConnect, "down"),
            NullLogger.Instance));
    }
}

using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

public sealed class OrchestratorCapabilitiesStoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task What_the_orchestrator_records_reads_back_and_lives_for_the_time_given()
    {
        var store = new OrchestratorCapabilitiesStore(redis.Connection, new ManualClock(Now));

        await store.RecordAsync(gitHubToken: false, TimeSpan.FromSeconds(30));

        Assert.Equal(new OrchestratorCapabilities(false, Now), await store.GetAsync());
        var hash = (await redis.Connection.GetDatabase().HashGetAllAsync("orchestrator:capabilities")).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(("false", "2026-06-01T12:00:00.000Z"), (hash["github_token"], hash["updated_at"]));
        Assert.InRange((await redis.Connection.GetDatabase().KeyTimeToLiveAsync("orchestrator:capabilities"))!.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Nothing_recorded_reads_as_no_answer()
    {
        await redis.Connection.GetDatabase().KeyDeleteAsync("orchestrator:capabilities");

        Assert.Null(await new OrchestratorCapabilitiesStore(redis.Connection, TimeProvider.System).GetAsync());
    }
}

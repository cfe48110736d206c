using FeedbackFix.Domain.Idempotency;
using FeedbackFix.Domain.Redis;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

public sealed class IdempotencyStoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Scope = "test_route";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_free_key_is_claimed_pending_for_the_lease_and_a_second_claim_finds_it_in_progress()
    {
        var store = new IdempotencyStore(redis.Connection);
        var key = Guid.NewGuid().ToString();

        var first = await store.ClaimAsync(Scope, key, "fp", "a", Lease);
        var second = await store.ClaimAsync(Scope, key, "fp", "b", Lease);

        Assert.Equal(IdempotencyClaimOutcome.Claimed, first.Outcome);
        Assert.Equal(IdempotencyClaimOutcome.InProgress, second.Outcome);
        Assert.InRange((await redis.Connection.GetDatabase().KeyTimeToLiveAsync(RedisKeys.IdempotencyKey(Scope, key)))!.Value,
            Lease - TimeSpan.FromSeconds(5), Lease);
    }

    [Fact]
    public async Task An_answered_key_gives_its_answer_for_the_same_fingerprint_lives_24_hours_and_refuses_another()
    {
        var store = new IdempotencyStore(redis.Connection);
        var key = Guid.NewGuid().ToString();
        await store.ClaimAsync(Scope, key, "fp", "a", Lease);
        byte[] body = [0x7B, 0x00, 0xFF, 0x7D];

        Assert.True(await store.AnswerAsync(Scope, key, "a", new StoredAnswer(201, "application/json", "/feedback/x", body)));
        var repeat = await store.ClaimAsync(Scope, key, "fp", "b", Lease);
        var other = await store.ClaimAsync(Scope, key, "other", "c", Lease);

        Assert.Equal(IdempotencyClaimOutcome.Answered, repeat.Outcome);
        Assert.Equal((201, "application/json", "/feedback/x"), (repeat.Answer!.Status, repeat.Answer.ContentType, repeat.Answer.Location));
        Assert.Equal(body, repeat.Answer.Body);
        Assert.Equal(IdempotencyClaimOutcome.Mismatch, other.Outcome);
        Assert.InRange((await redis.Connection.GetDatabase().KeyTimeToLiveAsync(RedisKeys.IdempotencyKey(Scope, key)))!.Value,
            TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task Only_the_claimant_answers_or_releases_its_claim()
    {
        var store = new IdempotencyStore(redis.Connection);
        var key = Guid.NewGuid().ToString();
        await store.ClaimAsync(Scope, key, "fp", "a", Lease);

        Assert.False(await store.AnswerAsync(Scope, key, "b", new StoredAnswer(200, null, null, [])));
        await store.ReleaseAsync(Scope, key, "b");
        Assert.Equal(IdempotencyClaimOutcome.InProgress, (await store.ClaimAsync(Scope, key, "fp", "c", Lease)).Outcome);

        await store.ReleaseAsync(Scope, key, "a");

        Assert.Equal(IdempotencyClaimOutcome.Claimed, (await store.ClaimAsync(Scope, key, "fp", "d", Lease)).Outcome);
    }
}

using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// <c>orchestrator:capabilities</c>: what a running orchestrator can do, written at its start and again
/// while it runs, with a lifetime so a stopped orchestrator leaves no answer behind. Clusters reads it
/// to refuse a fix up front that could only fail.
/// </summary>
public sealed class OrchestratorCapabilitiesStore(IConnectionMultiplexer redis, TimeProvider time)
{
    public const string GitHubTokenField = "github_token";
    public const string UpdatedAtField = "updated_at";

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Records whether the orchestrator has a GitHub token, valid for <paramref name="lifetime"/>.</summary>
    public async Task RecordAsync(bool gitHubToken, TimeSpan lifetime)
    {
        var transaction = Db.CreateTransaction();
        _ = transaction.HashSetAsync(RedisKeys.OrchestratorCapabilities,
        [
            new HashEntry(GitHubTokenField, gitHubToken ? "true" : "false"),
            new HashEntry(UpdatedAtField, time.GetUtcNow().ToRedis()),
        ]);
        _ = transaction.KeyExpireAsync(RedisKeys.OrchestratorCapabilities, lifetime);
        await transaction.ExecuteAsync();
    }

    /// <summary>What a running orchestrator recorded; null when none has (not started yet, or stopped).</summary>
    public async Task<OrchestratorCapabilities?> GetAsync()
    {
        var fields = new HashFields(await Db.HashGetAllAsync(RedisKeys.OrchestratorCapabilities));
        if (fields.IsEmpty || !bool.TryParse(fields[GitHubTokenField].ToString(), out var gitHubToken))
        {
            return null;
        }
        return new OrchestratorCapabilities(gitHubToken, RedisValues.ParseTime(fields[UpdatedAtField]));
    }
}

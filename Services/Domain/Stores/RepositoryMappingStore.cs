using System.Text.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Contracts.Sources;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// <c>config:repositories</c>: where fixes go by source (<see cref="RepositoryRules"/>), replaced as a
/// whole, and the repository a cluster's reports point to.
/// </summary>
public sealed class RepositoryMappingStore(IConnectionMultiplexer redis)
{
    /// <summary>
    /// Reports of a cluster read to suggest its repository: all of a cluster up to this size, a random
    /// sample of a larger one (a clear majority shows in a sample this size; a near tie may go either way).
    /// </summary>
    public const int SuggestionSample = 200;

    private const string RulesField = "rules";
    private static readonly RedisValue[] ItemFields = ["source", "metadata"];

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The mapping with its version; empty maps and version 0 before the first replacement.</summary>
    public async Task<RepositoryMapping> GetAsync()
    {
        var fields = new HashFields(await Db.HashGetAllAsync(RedisKeys.RepositoryMapping));
        return Read(fields[RulesField]) with { Version = VersionedHash.VersionOf(fields[VersionedHash.VersionField]) };
    }

    /// <summary>
    /// Replaces the whole mapping (already validated), keys lower-cased; the stored mapping with its new
    /// version, or null when <paramref name="expectedVersion"/> is given and another replacement came first.
    /// </summary>
    public async Task<RepositoryMapping?> ReplaceAsync(RepositoryMapping mapping, long? expectedVersion)
    {
        var normalized = RepositoryRules.Normalize(mapping);
        var json = JsonSerializer.Serialize(normalized, ApiJson.Options);
        var version = await VersionedHash.ReplaceAsync(Db, RedisKeys.RepositoryMapping, expectedVersion, [new HashEntry(RulesField, json)]);
        return version is null ? null : normalized with { Version = version };
    }

    /// <summary>
    /// The repository most of the cluster's reports map to (of at most <see cref="SuggestionSample"/> of
    /// them), or null when none maps anywhere. Two round trips: the sample with the mapping, then the
    /// reports' source and metadata in one pipeline.
    /// </summary>
    public async Task<string?> SuggestForClusterAsync(string clusterId)
    {
        var db = Db;
        var sampleTask = db.SetRandomMembersAsync(RedisKeys.ClusterItems(clusterId), SuggestionSample);
        var mappingTask = GetAsync();
        var sample = await sampleTask;
        var mapping = await mappingTask;
        if (sample.Length == 0)
        {
            return null;
        }

        var reads = sample.Select(id => db.HashGetAsync(RedisKeys.Feedback(id.ToString()), ItemFields)).ToList();
        var repositories = new List<string?>(reads.Count);
        foreach (var read in reads)
        {
            var values = await read;
            if (RedisValues.TryParse<FeedbackSource>(values[0].ToString(), out var source))
            {
                repositories.Add(RepositoryRules.Resolve(mapping, source, RedisValues.OptionalString(values[1])));
            }
        }
        return RepositoryRules.MostCommon(repositories);
    }

    private static RepositoryMapping Read(RedisValue json)
    {
        if (json.IsNullOrEmpty)
        {
            return new RepositoryMapping();
        }
        try
        {
            return JsonSerializer.Deserialize<RepositoryMapping>(json.ToString(), ApiJson.Options) ?? new RepositoryMapping();
        }
        catch (JsonException)
        {
            return new RepositoryMapping();
        }
    }
}

using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Item embeddings, the name of the model that made them and the format they are stored in, and whether
/// the clusters' centroids still come from the model before.
/// </summary>
public sealed class VectorStore(IConnectionMultiplexer redis)
{
    private const string FormatField = "format";
    private const string CentroidsField = "centroids";
    private const string CentroidsOfEarlierModel = "earlier_model";
    private const int ScanPage = 1_000;

    // Replaces a float32 value only if it is still the one read: a commit may have written a
    // centroid in the new format meanwhile, which must not be overwritten with an older one.
    private const string ReplaceIfUnchangedScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<EmbeddingModel?> GetModelAsync()
    {
        var fields = await Db.HashGetAsync(RedisKeys.EmbeddingModel, ["name", "dimension"]);
        return fields[0].IsNullOrEmpty || !fields[1].TryParse(out int dimension)
            ? null
            : new EmbeddingModel(fields[0].ToString(), dimension);
    }

    public Task SetModelAsync(EmbeddingModel model) =>
        Db.HashSetAsync(RedisKeys.EmbeddingModel, [new("name", model.Name), new("dimension", model.Dimension)]);

    /// <summary>
    /// Records <paramref name="model"/> once every item vector was embedded again with it, and that the
    /// centroids still come from the model before (a commit rewrites only the clusters it touches) until
    /// <see cref="RewriteCentroidsAsync"/> replaces them all.
    /// </summary>
    public Task SetModelAfterReembeddingAsync(EmbeddingModel model) =>
        Db.HashSetAsync(RedisKeys.EmbeddingModel,
            [new("name", model.Name), new("dimension", model.Dimension), new(CentroidsField, CentroidsOfEarlierModel)]);

    /// <summary>Whether the centroids still come from the model the item vectors came from before they were embedded again.</summary>
    public async Task<bool> CentroidsOfEarlierModelAsync() =>
        await Db.HashGetAsync(RedisKeys.EmbeddingModel, CentroidsField) == CentroidsOfEarlierModel;

    /// <summary>
    /// Writes every cluster's centroid worked out from the item vectors of the recorded model and forgets
    /// that the centroids came from the model before, as one step fenced like a membership commit (the
    /// lease, and the version the centroids were worked out at), which moves the version on so every
    /// replica's snapshot of the centroids is read again. Refused (false) when either moved.
    /// </summary>
    public async Task<bool> RewriteCentroidsAsync(
        IReadOnlyList<(string ClusterId, float[] Centroid)> centroids, RedisLease lease, long expectedVersion)
    {
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(lease.StillHeld());
        transaction.AddCondition(VersionFence.At(expectedVersion));
        foreach (var (clusterId, centroid) in centroids)
        {
            _ = transaction.StringSetAsync(RedisKeys.ClusterVector(clusterId), VectorCodec.Encode(centroid));
        }
        _ = transaction.HashDeleteAsync(RedisKeys.EmbeddingModel, CentroidsField);
        _ = transaction.StringIncrementAsync(RedisKeys.ClusteringVersion);
        return await transaction.ExecuteAsync();
    }

    /// <summary>Saves item vectors in one pipelined round trip.</summary>
    public async Task SaveItemVectorsAsync(IReadOnlyList<(string ItemId, float[] Vector)> vectors)
    {
        var pending = vectors.Select(v => Db.StringSetAsync(RedisKeys.FeedbackVector(v.ItemId), VectorCodec.Encode(v.Vector))).ToList();
        await Task.WhenAll(pending);
    }

    /// <summary>Deletes item vectors in one command.</summary>
    public Task DeleteItemVectorsAsync(IReadOnlyCollection<string> itemIds) =>
        Db.KeyDeleteAsync([.. itemIds.Select(id => RedisKeys.FeedbackVector(id))]);

    /// <summary>
    /// Item vectors of <paramref name="dimension"/> components in one pipelined round trip, in the
    /// order asked; missing ones, and ones of another length, are null.
    /// </summary>
    public async Task<IReadOnlyList<float[]?>> GetItemVectorsAsync(IReadOnlyList<string> itemIds, int dimension)
    {
        var pending = itemIds.Select(id => Db.StringGetAsync(RedisKeys.FeedbackVector(id))).ToList();
        var values = await Task.WhenAll(pending);
        return [.. values.Select(v => VectorCodec.Decode(v, dimension))];
    }

    /// <summary>
    /// Every cluster's centroid of <paramref name="dimension"/> components, ordered by cluster id, in a
    /// constant number of round trips; a cluster without one (or with one of another length) is left out.
    /// </summary>
    public async Task<IReadOnlyList<(string ClusterId, float[] Centroid)>> GetCentroidsAsync(int dimension)
    {
        var ids = (await Db.SetMembersAsync(RedisKeys.ClustersAll)).Select(v => v.ToString()).Order(StringComparer.Ordinal).ToList();
        var values = await Task.WhenAll(ids.Select(id => Db.StringGetAsync(RedisKeys.ClusterVector(id))));
        return [.. ids.Select((id, i) => (id, VectorCodec.Decode(values[i], dimension)))
            .Where(c => c.Item2 is not null)
            .Select(c => (c.id, c.Item2!))];
    }

    /// <summary>One cluster's centroid of <paramref name="dimension"/> components; null when it has none of that length.</summary>
    public async Task<float[]?> GetCentroidAsync(string clusterId, int dimension) =>
        VectorCodec.Decode(await Db.StringGetAsync(RedisKeys.ClusterVector(clusterId)), dimension);

    /// <summary>
    /// Rewrites every item vector and centroid still stored as float32 in <see cref="VectorCodec.Format"/>,
    /// a page of keys at a time, then records the format in <c>embedding:model</c> so later starts skip
    /// the scan. Safe beside running commits and on several replicas at once. Returns how many were rewritten.
    /// </summary>
    public async Task<int> ConvertToHalfPrecisionAsync(int dimension, CancellationToken cancellationToken)
    {
        if (await Db.HashGetAsync(RedisKeys.EmbeddingModel, FormatField) == VectorCodec.Format)
        {
            return 0;
        }

        var server = redis.GetServers().First(s => !s.IsReplica);
        var converted = 0;
        foreach (var pattern in RedisKeys.VectorPatterns)
        {
            var keys = new List<RedisKey>(ScanPage);
            await foreach (var key in server.KeysAsync(Db.Database, pattern, ScanPage).WithCancellation(cancellationToken))
            {
                keys.Add(key);
                if (keys.Count == ScanPage)
                {
                    converted += await ConvertAsync(keys, dimension);
                    keys.Clear();
                }
            }
            converted += await ConvertAsync(keys, dimension);
        }
        await Db.HashSetAsync(RedisKeys.EmbeddingModel, FormatField, VectorCodec.Format);
        return converted;
    }

    private async Task<int> ConvertAsync(IReadOnlyList<RedisKey> keys, int dimension)
    {
        var values = await Task.WhenAll(keys.Select(key => Db.StringGetAsync(key)));
        var writes = new List<Task<RedisResult>>();
        for (var i = 0; i < keys.Count; i++)
        {
            byte[]? old = values[i];
            if (VectorCodec.IsSinglePrecision(old, dimension))
            {
                writes.Add(Db.ScriptEvaluateAsync(ReplaceIfUnchangedScript, [keys[i]], [old, VectorCodec.Encode(VectorCodec.Decode(old, dimension))]));
            }
        }
        var written = await Task.WhenAll(writes);
        return written.Count(w => (long)w == 1);
    }
}

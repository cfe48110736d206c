using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>Item embeddings and the name of the model that made them.</summary>
public sealed class VectorStore(IConnectionMultiplexer redis)
{
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

    /// <summary>Saves item vectors in one pipelined round trip.</summary>
    public async Task SaveItemVectorsAsync(IReadOnlyList<(string ItemId, float[] Vector)> vectors)
    {
        var pending = vectors.Select(v => Db.StringSetAsync(RedisKeys.FeedbackVector(v.ItemId), VectorCodec.Encode(v.Vector))).ToList();
        await Task.WhenAll(pending);
    }

    /// <summary>Item vectors in one pipelined round trip, in the order asked; missing ones are null.</summary>
    public async Task<IReadOnlyList<float[]?>> GetItemVectorsAsync(IReadOnlyList<string> itemIds)
    {
        var pending = itemIds.Select(id => Db.StringGetAsync(RedisKeys.FeedbackVector(id))).ToList();
        var values = await Task.WhenAll(pending);
        return [.. values.Select(v => VectorCodec.Decode(v))];
    }
}

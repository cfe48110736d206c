using System.Buffers.Binary;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;

namespace FeedbackFix.Domain.Tests;

/// <summary>Vectors stored in half precision, and the earlier float32 values read and rewritten.</summary>
public sealed class VectorFormatTests
{
    [Fact]
    public void Half_precision_keeps_each_component_of_a_unit_vector_within_a_thousandth()
    {
        var random = new Random(7);
        var vector = Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        var unit = vector.Select(x => x / norm).ToArray();

        var bytes = VectorCodec.Encode(unit);
        var read = VectorCodec.Decode(bytes, unit.Length)!;

        Assert.Equal(unit.Length * 2, bytes.Length);
        Assert.All(unit.Zip(read), pair => Assert.True(MathF.Abs(pair.First - pair.Second) <= 0.001f * MathF.Max(MathF.Abs(pair.First), 0.01f)));
    }

    [Fact]
    public void A_float32_value_is_read_as_such_and_a_value_of_another_length_is_none()
    {
        float[] vector = [0.1f, -0.2f, 0.3f];

        Assert.Equal(vector, VectorCodec.Decode(SinglePrecision(vector), 3));
        Assert.Null(VectorCodec.Decode(SinglePrecision(vector), 4));
        Assert.Null(VectorCodec.Decode(VectorCodec.Encode(vector), 4));
        Assert.Null(VectorCodec.Decode(null, 3));
    }

    [Fact]
    public async Task Float32_vectors_and_centroids_are_rewritten_once_and_later_starts_skip_the_scan()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        float[] old = [0.6f, 0.8f, 0f];
        await stores.Db.StringSetAsync(RedisKeys.FeedbackVector("legacy-item"), SinglePrecision(old));
        await stores.Db.StringSetAsync(RedisKeys.ClusterVector("legacy-cluster"), SinglePrecision(old));
        await stores.Vectors.SaveItemVectorsAsync([("current-item", [1f, 0f, 0f])]);

        var converted = await stores.Vectors.ConvertToHalfPrecisionAsync(3, CancellationToken.None);

        Assert.Equal(2, converted);
        foreach (var key in new[] { RedisKeys.FeedbackVector("legacy-item"), RedisKeys.ClusterVector("legacy-cluster"), RedisKeys.FeedbackVector("current-item") })
        {
            Assert.Equal(6, ((byte[])(await stores.Db.StringGetAsync(key))!).Length);
        }
        Assert.Equal(0.6f, (await stores.Vectors.GetItemVectorsAsync(["legacy-item"], 3))[0]![0], 0.001f);

        await stores.Db.StringSetAsync(RedisKeys.FeedbackVector("written-by-an-old-replica"), SinglePrecision(old));
        Assert.Equal(0, await stores.Vectors.ConvertToHalfPrecisionAsync(3, CancellationToken.None));
    }

    private static byte[] SinglePrecision(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }
        return bytes;
    }
}

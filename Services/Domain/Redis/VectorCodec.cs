using System.Buffers.Binary;

namespace FeedbackFix.Domain.Redis;

/// <summary>
/// Vectors as Redis strings: little-endian IEEE half precision (float16), whatever the machine's
/// byte order. Values written before (little-endian float32, twice as long) are still read; the
/// clustering worker converts them once at start (<see cref="Stores.VectorStore.ConvertToHalfPrecisionAsync"/>).
/// </summary>
public static class VectorCodec
{
    /// <summary>The format's name, kept in <c>embedding:model</c> once every stored vector has it.</summary>
    public const string Format = "float16";

    private const int HalfSize = sizeof(ushort);

    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * HalfSize];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * HalfSize), (Half)vector[i]);
        }
        return bytes;
    }

    /// <summary>
    /// The vector of <paramref name="dimension"/> components stored in <paramref name="bytes"/>, in
    /// either format; null when there is none or its length fits neither (another model's vector).
    /// </summary>
    public static float[]? Decode(byte[]? bytes, int dimension)
    {
        if (bytes is null || dimension <= 0)
        {
            return null;
        }
        if (bytes.Length == dimension * HalfSize)
        {
            var vector = new float[dimension];
            for (var i = 0; i < dimension; i++)
            {
                vector[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(i * HalfSize));
            }
            return vector;
        }
        return IsSinglePrecision(bytes, dimension) ? DecodeSinglePrecision(bytes, dimension) : null;
    }

    /// <summary>Whether <paramref name="bytes"/> is a vector in the earlier float32 format.</summary>
    public static bool IsSinglePrecision(byte[]? bytes, int dimension) =>
        bytes is not null && dimension > 0 && bytes.Length == dimension * sizeof(float);

    private static float[] DecodeSinglePrecision(byte[] bytes, int dimension)
    {
        var vector = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }
        return vector;
    }
}

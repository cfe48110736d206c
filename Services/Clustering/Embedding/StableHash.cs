namespace FeedbackFix.Clustering.Embedding;

/// <summary>
/// FNV-1a over UTF-16 code units, finished with MurmurHash3's avalanche step. Stable across
/// processes, machines and runtime versions (unlike <see cref="string.GetHashCode()"/>), so stored
/// hashing vectors stay comparable with new ones.
/// </summary>
internal static class StableHash
{
    public const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Step(uint hash, char c) => (hash ^ c) * Prime;

    public static uint Of(uint seed, ReadOnlySpan<char> text)
    {
        var hash = seed;
        foreach (var c in text)
        {
            hash = Step(hash, c);
        }

        return hash;
    }

    public static uint Combine(uint first, uint second) => Finish((first * 0x9E3779B1u) ^ (second + 0x7F4A7C15u + (first << 6) + (first >> 2)));

    /// <summary>MurmurHash3 fmix32: spreads FNV's weak low bits over the whole word.</summary>
    public static uint Finish(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >> 13;
        hash *= 0xC2B2AE35;
        hash ^= hash >> 16;
        return hash;
    }
}

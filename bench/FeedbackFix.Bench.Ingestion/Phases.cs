using FeedbackFix.Bench.Processes;

namespace FeedbackFix.Bench.Ingestion;

/// <summary>Warm-up and measured wrk runs; a measured run also records the CPU each process used.</summary>
internal sealed class Phases(Wrk wrk, BenchStack stack, BenchOptions options)
{
    /// <summary>One request like wrk's (it must succeed), then wrk for the warm-up time; the figures are dropped.</summary>
    public async Task WarmUpAsync(LoadTarget target, CancellationToken cancellationToken)
    {
        await Preflight.ExpectSuccessAsync(target.PreflightBody is null ? HttpMethod.Get : HttpMethod.Post, target.Url, stack.ApiKey,
            target.PreflightBody, cancellationToken);
        Console.WriteLine($"warm-up   {target.Name}: {options.WarmupSeconds} s, {target.Connections} connections");
        var warmup = await wrk.RunAsync(target.Url, target.Connections, options.WarmupSeconds, target.Script, target.Headers, cancellationToken);
        if (!warmup.Clean)
        {
            Console.WriteLine($"  warm-up saw errors: {warmup.Non2xx} non-2xx, {warmup.SocketErrors} socket errors");
        }
    }

    /// <summary>Every target once per round, round after round, so drift in the machine's load touches them alike.</summary>
    public async Task<IReadOnlyList<PhaseSummary>> MeasureAsync(IReadOnlyList<LoadTarget> targets, CancellationToken cancellationToken)
    {
        var rounds = targets.Select(_ => new List<PhaseResult>()).ToList();
        for (var round = 1; round <= options.Rounds; round++)
        {
            for (var i = 0; i < targets.Count; i++)
            {
                rounds[i].Add(await MeasureOnceAsync(targets[i], round, cancellationToken));
            }
        }
        return [.. targets.Select((target, i) => new PhaseSummary(target.Name, target.Connections, rounds[i]))];
    }

    private async Task<PhaseResult> MeasureOnceAsync(LoadTarget target, int round, CancellationToken cancellationToken)
    {
        var before = stack.SampleCpu();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var measured = await wrk.RunAsync(target.Url, target.Connections, options.DurationSeconds, target.Script, target.Headers, cancellationToken);
        var result = new PhaseResult(measured, stack.SampleCpu().Since(before), clock.Elapsed);
        Console.WriteLine($"round {round}   {target.Name}: {measured.RequestsPerSecond:0}/s, p50 {measured.P50Ms:0.00} ms, " +
            $"p99 {measured.P99Ms:0.00} ms, load {MachineLoad.Now()}; CPU s: {result.Cpu}");
        return result;
    }
}

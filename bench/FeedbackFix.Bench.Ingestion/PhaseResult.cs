namespace FeedbackFix.Bench.Ingestion;

/// <summary>One measured wrk run: what wrk saw, the CPU each process used meanwhile, and how long it took.</summary>
internal sealed record PhaseResult(WrkResult Wrk, CpuSample Cpu, TimeSpan Elapsed);

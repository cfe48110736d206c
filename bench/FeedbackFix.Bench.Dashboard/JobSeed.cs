using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Stores;
using StackExchange.Redis;

namespace FeedbackFix.Bench.Dashboard;

/// <summary>
/// A failed fix with a long log, stored through <see cref="JobStore"/> as the agent's reports would
/// store it (at most 1,000 lines a report, as PATCH /jobs/{id} allows): its page shows the whole
/// log, read in pages, and follows nothing.
/// </summary>
internal static class JobSeed
{
    private const int LinesPerReport = 1_000;

    private static readonly string[] Steps =
    [
        "git fetch origin main --depth 50",
        "dotnet restore src/App/App.csproj",
        "  Determining projects to restore...",
        "  Restored /work/repo/src/App/App.csproj (in 412 ms).",
        "dotnet build -c Release --no-restore",
        "  App -> /work/repo/src/App/bin/Release/net10.0/App.dll",
        "agent: reading src/Export/CsvWriter.cs (214 lines)",
        "agent: the writer buffers every row before flushing; large accounts run out of memory",
        "dotnet test tests/App.Tests --no-build --filter Export",
        "  Passed Export_writes_a_header_row [3 ms]",
        "  Failed Export_streams_large_files [1 s 204 ms]: expected 100000 rows, got 65536",
        "warning CS8602: Dereference of a possibly null reference. [/work/repo/src/Export/CsvWriter.cs(88,17)]",
    ];

    /// <summary>The id of a new failed job on <paramref name="clusterId"/> whose log holds <paramref name="lines"/> lines, line n ending in "#n".</summary>
    public static async Task<string> SeedAsync(IConnectionMultiplexer redis, string clusterId, int lines)
    {
        var feedback = new FeedbackStore(redis, TimeProvider.System);
        var jobs = new JobStore(redis, new ClusterStore(redis, feedback, TimeProvider.System), TimeProvider.System);
        var created = await jobs.CreateAsync(clusterId, "https://github.com/acme/app", "process", enqueue: false, traceParent: null);
        var job = created.Job ?? throw new InvalidOperationException($"No job for cluster {clusterId}: {created.Outcome}.");

        var text = Enumerable.Range(1, lines).Select(n => $"{Steps[n % Steps.Length]} #{n}");
        JobChanges[] reports =
        [
            new(JobStatus.Running),
            .. text.Chunk(LinesPerReport).Select(chunk => new JobChanges(Logs: chunk)),
            new(JobStatus.Failed, Error: "The export tests still fail after three attempts."),
        ];
        foreach (var report in reports)
        {
            var result = await jobs.ChangeAsync(job.Id, report);
            if (result.Outcome != ChangeOutcome.Changed)
            {
                throw new InvalidOperationException($"Job {job.Id}: a report was refused ({result.Outcome}).");
            }
        }
        return job.Id;
    }
}

using System.Runtime.CompilerServices;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>
/// Settings for the whole test assembly. The test classes run in parallel on a machine that CI
/// shares with other work, so a renderer's dispatcher may wait for a thread: a wait gives the
/// component ten seconds to reach the asserted state (it returns as soon as it does), and the
/// thread pool starts with enough threads for every parallel test's renderer.
/// </summary>
internal static class TestAssemblySetup
{
    [ModuleInitializer]
    internal static void Configure()
    {
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 8), io);
    }
}

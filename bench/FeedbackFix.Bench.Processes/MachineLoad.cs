namespace FeedbackFix.Bench.Processes;

/// <summary>The 1-minute load average, to tell a quiet machine from a busy one when reading the figures.</summary>
public static class MachineLoad
{
    public static string Now() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}

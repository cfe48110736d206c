using System.Globalization;
using System.Runtime.InteropServices;

namespace FeedbackFix.Bench.Processes;

/// <summary>
/// CPU time used by processes, from Linux's own accounting: /proc for running servers, getrusage for
/// the wrk runs this program has waited for. It shows where the 2 cores went, which requests/s alone does not.
/// </summary>
public static partial class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux we run on
    private const int RusageChildren = -1;

    /// <summary>
    /// User plus system time of a running process, of its children that have ended (cutime, cstime: Redis's
    /// background saves) and of its live descendants (a server under <c>timeout</c>, a save in progress).
    /// </summary>
    public static TimeSpan OfTree(int pid)
    {
        var total = TimeSpan.Zero;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may hold spaces: utime, stime, cutime, cstime are the 12th to 15th.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = fields[11..15].Sum(field => long.Parse(field, CultureInfo.InvariantCulture));
            total += TimeSpan.FromSeconds(ticks / TicksPerSecond);
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    total += OfTree(int.Parse(child, CultureInfo.InvariantCulture));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended between listing and reading: it used nothing more.
        }
        return total;
    }

    /// <summary>User plus system time of every child process that has ended and been waited for (each finished wrk run).</summary>
    public static TimeSpan OfEndedChildren()
    {
        // struct rusage on 64-bit Linux: ru_utime {sec, usec}, ru_stime {sec, usec}, then 14 longs.
        var usage = new long[18];
        if (GetResourceUsage(RusageChildren, usage) != 0)
        {
            return TimeSpan.Zero;
        }
        return TimeSpan.FromSeconds(usage[0] + usage[2]) + TimeSpan.FromMicroseconds(usage[1] + usage[3]);
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetResourceUsage(int who, [Out] long[] usage);
}

using System.Diagnostics;

namespace FeedbackFix.Bench.Processes;

/// <summary>The repository the benches' programs are built from, and where their Release builds land.</summary>
public sealed record Repo(string Root)
{
    public static readonly ServiceProject Ingestion = new("ingestion", "Services/Ingestion", "FeedbackFix.Ingestion");
    public static readonly ServiceProject Clusters = new("clusters", "Services/Clusters", "FeedbackFix.Clusters");
    public static readonly ServiceProject Gateway = new("gateway", "Gateway", "FeedbackFix.Gateway");
    public static readonly ServiceProject Dashboard = new("dashboard", "Dashboard", "FeedbackFix.Dashboard");
    public static readonly ServiceProject Reference = new("reference", "bench/FeedbackFix.Bench.Reference", "FeedbackFix.Bench.Reference");

    /// <summary>The given root, or the nearest folder above the working directory that holds FeedbackFix.sln.</summary>
    public static Repo Find(string? root)
    {
        for (var dir = new DirectoryInfo(root ?? Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FeedbackFix.sln")))
            {
                return new Repo(dir.FullName);
            }
        }
        throw new InvalidOperationException("FeedbackFix.sln not found above the working directory; pass --repo.");
    }

    public string Dll(ServiceProject service) =>
        Path.Combine(Root, service.Directory, "bin", "Release", "net10.0", service.Assembly + ".dll");

    /// <summary><c>dotnet build -c Release</c> of the programs, one after the other (shared projects build once).</summary>
    public async Task BuildAsync(IEnumerable<ServiceProject> programs, CancellationToken cancellationToken)
    {
        foreach (var service in programs)
        {
            Console.WriteLine($"building {service.Assembly} (Release)...");
            var project = Path.Combine(Root, service.Directory, service.Assembly + ".csproj");
            using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "--nologo", "-v", "q"]))
                ?? throw new InvalidOperationException("dotnet did not start.");
            try
            {
                await build.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                build.Kill(entireProcessTree: true);
                throw;
            }
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet build of {service.Assembly} failed (exit code {build.ExitCode}).");
            }
        }
    }
}

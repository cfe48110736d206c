using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FeedbackFix.AppHost.Tests;

/// <summary>
/// The Aspire deployment manifest, written by the command docs/deploy.md gives
/// (<c>dotnet run --project AppHost -- --publisher manifest --output-path ... --Redis:Mode=container</c>),
/// run here against the AppHost this project built.
/// </summary>
public sealed partial class ManifestTests
{
    /// <summary>What the AppHost adds besides its projects (found in the source below): Redis and the password Aspire generates for it.</summary>
    private static readonly string[] NonProjectResources = ["redis", "redis-password"];

    [Fact]
    public async Task The_manifest_lists_every_resource_and_parameter_and_points_at_no_path_on_this_machine()
    {
        var repository = SourceSettings.RepositoryRoot();
        var parameters = SourceSettings.Collect(repository)
            .Where(key => key.StartsWith("Parameters:", StringComparison.Ordinal))
            .Select(key => key["Parameters:".Length..])
            .ToList();
        // A folder of its own inside the repository (under obj/, ignored by git), so the projects'
        // relative paths in the manifest stay inside the repository as they do at the documented place.
        var output = Path.Combine(repository, "AppHost", "obj", "manifest-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
        try
        {
            // Every optional parameter given, so the manifest declares every parameter the AppHost can.
            var manifest = await PublishAsync(repository, Path.Combine(output, "aspire-manifest.json"),
                parameters.Select(name => $"--Parameters:{name}=placeholder"));
            var resources = manifest.RootElement.GetProperty("resources");
            var names = resources.EnumerateObject().Select(resource => resource.Name).ToHashSet();

            // Every project the AppHost adds, every parameter, and Redis.
            var projects = AppHostSources(repository).SelectMany(text => ProjectName().Matches(text)).Select(match => match.Groups["name"].Value).ToList();
            Assert.Superset(new HashSet<string> { "gateway", "ingestion", "clusters", "clustering", "poller", "agent-orchestrator", "dashboard" }, projects.ToHashSet());
            Assert.Subset(names, projects.Concat(parameters).Concat(NonProjectResources).ToHashSet());
            foreach (var name in projects)
            {
                Assert.Equal("project.v0", resources.GetProperty(name).GetProperty("type").GetString());
            }
            foreach (var name in parameters)
            {
                Assert.Equal("parameter.v0", resources.GetProperty(name).GetProperty("type").GetString());
            }

            // Redis is the container, not redis-server from this machine's PATH.
            Assert.Equal("container.v0", resources.GetProperty("redis").GetProperty("type").GetString());
            Assert.DoesNotContain(resources.EnumerateObject(), resource => resource.Value.GetProperty("type").GetString()!.StartsWith("executable", StringComparison.Ordinal));

            // Projects by paths relative to the manifest, inside the repository, to their project files.
            foreach (var name in projects)
            {
                var path = resources.GetProperty(name).GetProperty("path").GetString()!;
                Assert.False(Path.IsPathRooted(path), $"{name}'s path is absolute: {path}");
                var resolved = Path.GetFullPath(Path.Combine(output, path));
                Assert.StartsWith(repository + Path.DirectorySeparatorChar, resolved, StringComparison.Ordinal);
                Assert.True(File.Exists(resolved), $"{name}'s path {path} names no file.");
            }

            // No value names a place on this machine; a container's own paths (its entrypoint, where a volume mounts) are fine.
            var machinePaths = new[] { repository, output, Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar) }
                .Where(path => path.Length > 1)
                .ToList();
            foreach (var (where, value) in Strings(resources, "resources"))
            {
                Assert.DoesNotContain(machinePaths, path => value.Contains(path, StringComparison.Ordinal));
                if (Path.IsPathRooted(value))
                {
                    Assert.True(ContainerPath().IsMatch(where), $"{where} is a path on this machine: {value}");
                }
            }
            Assert.DoesNotContain(resources.EnumerateObject(), resource => resource.Value.TryGetProperty("bindMounts", out _));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<JsonDocument> PublishAsync(string repository, string manifestPath, IEnumerable<string> extra)
    {
        var configuration = typeof(ManifestTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The documented command, without the build this test project already did.
        foreach (var argument in new[]
        {
            "run", "--no-build", "--project", "AppHost", "-c", configuration, "--",
            "--publisher", "manifest", "--output-path", manifestPath, "--Redis:Mode=container",
        }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        Assert.True(process.ExitCode == 0 && File.Exists(manifestPath),
            $"The manifest command failed ({process.ExitCode}): {await output}{await error}");
        return JsonDocument.Parse(await File.ReadAllTextAsync(manifestPath));
    }

    private static IEnumerable<string> AppHostSources(string repository) =>
        Directory.EnumerateFiles(Path.Combine(repository, "AppHost"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText);

    /// <summary>Every string in the element, with where it sits (<c>resources.redis.volumes[0].target</c>).</summary>
    private static IEnumerable<(string Where, string Value)> Strings(JsonElement element, string where) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Strings(property.Value, $"{where}.{property.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((item, index) => Strings(item, $"{where}[{index}]")),
        JsonValueKind.String => [(where, element.GetString()!)],
        _ => [],
    };

    [GeneratedRegex("""AddProject<[^>]+>\("(?<name>[^"]+)"\)""")]
    private static partial Regex ProjectName();

    [GeneratedRegex(@"^resources\.[^.]+\.(entrypoint|volumes\[\d+\]\.target)$")]
    private static partial Regex ContainerPath();
}

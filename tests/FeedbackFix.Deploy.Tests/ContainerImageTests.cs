using System.Diagnostics;
using System.Text.Json;
using FeedbackFix.Deploy.Constructs;

namespace FeedbackFix.Deploy.Tests;

/// <summary>
/// The SDK container settings of every deployable project, as MSBuild evaluates them
/// (<c>dotnet msbuild -getProperty</c>), against the ECR repositories the stack creates and runs.
/// </summary>
public sealed class ContainerImageTests
{
    /// <summary>Every project with an image, and the stack's image name for it.</summary>
    private static readonly Dictionary<string, string> Projects = new()
    {
        ["Gateway/FeedbackFix.Gateway.csproj"] = ServiceNames.Gateway,
        ["Services/Ingestion/FeedbackFix.Ingestion.csproj"] = ServiceNames.Ingestion,
        ["Services/Clusters/FeedbackFix.Clusters.csproj"] = ServiceNames.Clusters,
        ["Services/Clustering/FeedbackFix.Clustering.csproj"] = ServiceNames.Clustering,
        ["Services/Poller/FeedbackFix.Poller.csproj"] = ServiceNames.Poller,
        ["Services/AgentOrchestrator/FeedbackFix.AgentOrchestrator.csproj"] = ServiceNames.AgentOrchestrator,
        ["Dashboard/FeedbackFix.Dashboard.csproj"] = ServiceNames.Dashboard,
        ["Services/CodingAgent/FeedbackFix.CodingAgent.csproj"] = ServiceNames.CodingAgent,
    };

    private static readonly Lazy<Task<IReadOnlyDictionary<string, ImageSettings>>> Evaluated = new(EvaluateAll);

    [Fact]
    public async Task Every_image_project_publishes_to_a_repository_the_stack_creates_and_every_stack_image_has_a_project()
    {
        var images = await Evaluated.Value;
        var settings = new DeploySettings();
        var stackRepositories = ServiceNames.Images.Select(image => ContainerRepositories.NameOf(settings, image)).ToHashSet();

        foreach (var (project, image) in images)
        {
            Assert.True(image.EnableSdkContainerSupport, $"{project} does not enable the SDK's container support.");
            Assert.Contains(image.Repository, stackRepositories);
            Assert.Equal(ContainerRepositories.NameOf(settings, Projects[project]), image.Repository);
            Assert.Equal("linux-x64", image.RuntimeIdentifier);
        }
        Assert.Equal(stackRepositories.Order(), images.Values.Select(image => image.Repository).Order());
        // Every Fargate service the stack runs and the agent's task definition pull one of these.
        var run = ServiceNames.Services.Append(ServiceNames.CodingAgent).Select(image => ContainerRepositories.NameOf(settings, image)).ToHashSet();
        Assert.Subset(images.Values.Select(image => image.Repository).ToHashSet(), run);
    }

    [Fact]
    public async Task Services_build_on_the_ASP_NET_Core_image_with_bash_and_expose_8080_and_the_agent_on_the_SDK_image_with_git()
    {
        var images = await Evaluated.Value;

        foreach (var (project, image) in images)
        {
            if (Projects[project] == ServiceNames.CodingAgent)
            {
                Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", image.BaseImage);
                Assert.Empty(image.Ports);
            }
            else
            {
                // The stack's container health check runs bash; the aspnet (not chiseled) image has it.
                Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", image.BaseImage);
                Assert.Equal([Network.ServiceContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)], image.Ports);
            }
        }
    }

    [Fact]
    public async Task Another_prefix_names_the_repositories_the_stack_creates_with_that_prefix()
    {
        var image = await Evaluate("Gateway/FeedbackFix.Gateway.csproj", "-p:FeedbackFixImagePrefix=acme");

        Assert.Equal(ContainerRepositories.NameOf(new DeploySettings { Prefix = "acme" }, ServiceNames.Gateway), image.Repository);
    }

    [Fact]
    public void Every_project_that_names_an_image_is_one_the_tests_check()
    {
        var root = RepositoryRoot.Find();
        var declaring = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(path => File.ReadAllText(path).Contains("<FeedbackFixImage>", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Order();

        Assert.Equal(Projects.Keys.Order(), declaring);
    }

    private static async Task<IReadOnlyDictionary<string, ImageSettings>> EvaluateAll()
    {
        var evaluations = Projects.Keys.Select(async project => (project, await Evaluate(project)));
        return (await Task.WhenAll(evaluations)).ToDictionary(pair => pair.project, pair => pair.Item2);
    }

    private static async Task<ImageSettings> Evaluate(string project, params string[] extra)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = RepositoryRoot.Find(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "msbuild", project, "-nologo",
            "-getProperty:ContainerRepository", "-getProperty:ContainerBaseImage",
            "-getProperty:ContainerRuntimeIdentifier", "-getProperty:EnableSdkContainerSupport",
            "-getItem:ContainerPort",
        }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet msbuild {project} failed ({process.ExitCode}): {await output}{await error}");

        using var json = JsonDocument.Parse(await output);
        var properties = json.RootElement.GetProperty("Properties");
        string Property(string name) => properties.GetProperty(name).GetString() ?? "";
        return new ImageSettings(
            Property("ContainerRepository"),
            Property("ContainerBaseImage"),
            Property("ContainerRuntimeIdentifier"),
            Property("EnableSdkContainerSupport") == "true",
            [.. json.RootElement.GetProperty("Items").GetProperty("ContainerPort").EnumerateArray().Select(port => port.GetProperty("Identity").GetString()!)]);
    }

    private sealed record ImageSettings(string Repository, string BaseImage, string RuntimeIdentifier, bool EnableSdkContainerSupport, IReadOnlyList<string> Ports);
}

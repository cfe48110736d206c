using System.ComponentModel.DataAnnotations;
using FeedbackFix.AgentOrchestrator.Launchers.Ecs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FeedbackFix.AgentOrchestrator.Tests.Ecs;

public sealed class EcsOptionsTests
{
    internal static readonly IReadOnlyDictionary<string, string?> Valid = new Dictionary<string, string?>
    {
        ["Launchers:Ecs:Region"] = "eu-west-1",
        ["Launchers:Ecs:Cluster"] = "agents",
        ["Launchers:Ecs:TaskDefinition"] = "coding-agent",
        ["Launchers:Ecs:Subnets:0"] = "subnet-0aaa",
    };

    [Theory]
    [InlineData("Launchers:Ecs:Subnets:0", null, "Launchers:Ecs:Subnets")]
    [InlineData("Launchers:Ecs:Region", null, "Launchers:Ecs:Region")]
    [InlineData("Launchers:Ecs:Region", "Ireland", "Launchers:Ecs:Region")]
    [InlineData("Launchers:Ecs:Cluster", "", "Launchers:Ecs:Cluster")]
    [InlineData("Launchers:Ecs:TaskDefinition", null, "Launchers:Ecs:TaskDefinition")]
    [InlineData("Launchers:Ecs:StartedBy", "feedbackfix-orchestrator-in-production-eu", "Launchers:Ecs:StartedBy")]
    [InlineData("Launchers:Ecs:ServiceUrl", "ecs.local", "Launchers:Ecs:ServiceUrl")]
    [InlineData("Launchers:Ecs:PropagateTags", "ALWAYS", "Launchers:Ecs:PropagateTags")]
    [InlineData("Launchers:Ecs:Tags:owner!", "me", "Launchers:Ecs:Tags:owner!")]
    public async Task A_missing_or_unusable_setting_fails_at_start_naming_it(string key, string? value, string named)
    {
        var settings = new Dictionary<string, string?>(Valid) { [key] = value };
        using var host = BuildHost(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_smallest_configuration_starts_with_the_documented_defaults()
    {
        using var host = BuildHost(Valid);

        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<EcsOptions>>().Value;
        await host.StopAsync();

        Assert.Equal("coding-agent", options.ContainerName);
        Assert.Equal("feedbackfix", options.StartedBy);
        Assert.False(options.AssignPublicIp);
        Assert.Equal(new Uri("https://ecs.eu-west-1.amazonaws.com/"), options.ResolveEndpoint());
    }

    [Fact]
    public void A_configured_tag_may_not_take_the_launchers_own_prefix()
    {
        var options = new EcsOptions { Region = "eu-west-1", Cluster = "agents", TaskDefinition = "coding-agent", Subnets = ["subnet-0aaa"], Tags = { ["feedbackfix:job-id"] = "mine" } };

        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);

        Assert.Contains(errors, error => error.ErrorMessage!.StartsWith("Launchers:Ecs:Tags:feedbackfix:job-id", StringComparison.Ordinal));
    }

    private static IHost BuildHost(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddEcsLauncher();
        return builder.Build();
    }
}

using System.Text.Json;

namespace FeedbackFix.Deploy.Tests;

public sealed class ServicesTests(NewVpcStack stack) : IClassFixture<NewVpcStack>
{
    /// <summary>Every setting the services read that holds a secret, as its environment variable.</summary>
    private static readonly string[] SecretSettings =
    [
        "Gateway__ApiKeys__default__Key", "Gateway__ApiKeys__dashboard__Key", "Gateway__AdminKey",
        "Clustering__AdminKey", "Dashboard__ApiKey", "Dashboard__SignIn__ClientSecret",
        "Webhooks__Sentry__ClientSecret", "Webhooks__GitHub__Secret",
        "GitHub__Token", "GITHUB_TOKEN", "Reddit__ClientId", "Reddit__ClientSecret",
        "Aspire__StackExchange__Redis__ConfigurationOptions__Password",
    ];

    [Fact]
    public void Every_service_runs_on_Fargate_with_a_container_health_check_on_health()
    {
        var services = stack.ResourcesOfType("AWS::ECS::Service")
            .Select(service => service.Properties.GetProperty("ServiceName").GetString())
            .Order()
            .ToArray();
        Assert.Equal(ServiceNames.Services.Order(), services);

        foreach (var name in ServiceNames.Services)
        {
            var container = Assert.Single(stack.Containers(), c => c.Family == $"feedbackfix-{name}").Container;
            var command = container.GetProperty("HealthCheck").GetProperty("Command").EnumerateArray().Select(part => part.GetString()).ToArray();
            Assert.Equal("CMD", command[0]);
            Assert.Contains("/health", string.Join(' ', command));
            Assert.Contains($"{stack.Settings.Prefix}-{name}", ImageOf(container));
        }
    }

    [Fact]
    public void No_secret_is_a_plain_environment_variable_and_every_secret_setting_comes_from_Secrets_Manager()
    {
        var secretResources = stack.ResourcesOfType("AWS::SecretsManager::Secret").Select(secret => secret.LogicalId).ToList();
        var injected = new HashSet<string>();
        foreach (var (family, container) in stack.Containers())
        {
            foreach (var variable in Environment(container))
            {
                Assert.DoesNotContain(variable.Name, SecretSettings);
                Assert.DoesNotContain("secretsmanager", variable.Value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("password=", variable.Value, StringComparison.OrdinalIgnoreCase);
            }
            if (container.TryGetProperty("Secrets", out var secrets))
            {
                foreach (var secret in secrets.EnumerateArray())
                {
                    injected.Add(secret.GetProperty("Name").GetString()!);
                    var source = secret.GetProperty("ValueFrom").GetRawText();
                    Assert.Contains(secretResources, id => source.Contains($"\"{id}\"", StringComparison.Ordinal));
                }
            }
        }
        Assert.Subset(injected, SecretSettings.ToHashSet());
    }

    [Fact]
    public void By_default_the_ingestion_task_keeps_reports_until_someone_deletes_them()
    {
        var ingestion = stack.Containers().Single(c => c.Family == "feedbackfix-ingestion").Container;

        Assert.Contains(Environment(ingestion), variable => variable is { Name: "Retention__FeedbackMaxAgeDays", Value: "0" });
    }

    [Fact]
    public void Every_service_exports_telemetry_to_the_given_OTLP_endpoint()
    {
        foreach (var name in ServiceNames.Services)
        {
            var container = stack.Containers().Single(c => c.Family == $"feedbackfix-{name}").Container;
            Assert.Contains(Environment(container), variable => variable is { Name: "OTEL_EXPORTER_OTLP_ENDPOINT", Value: SynthesizedStack.OtlpEndpoint });
        }
    }

    [Fact]
    public void Service_discovery_variables_name_the_Service_Connect_aliases_the_services_publish()
    {
        var published = stack.ResourcesOfType("AWS::ECS::Service")
            .SelectMany(service => service.Properties.GetProperty("ServiceConnectConfiguration").GetProperty("Services").EnumerateArray())
            .SelectMany(entry => entry.GetProperty("ClientAliases").EnumerateArray())
            .Select(alias => $"http://{alias.GetProperty("DnsName").GetString()}:{alias.GetProperty("Port").GetInt32()}")
            .ToHashSet();

        var gateway = Environment(stack.Containers().Single(c => c.Family == "feedbackfix-gateway").Container).ToDictionary(v => v.Name, v => v.Value);
        Assert.Equal("http://ingestion:8080", gateway["services__ingestion__http__0"]);
        Assert.Equal("http://clusters:8080", gateway["services__clusters__http__0"]);
        Assert.Equal("http://clustering:8080", gateway["services__clustering__http__0"]);

        var discovery = stack.Containers().SelectMany(c => Environment(c.Container)).Where(v => v.Name.StartsWith("services__", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(discovery);
        Assert.All(discovery, variable => Assert.Contains(variable.Value, published));
    }

    private static IEnumerable<(string Name, string Value)> Environment(JsonElement container) =>
        container.TryGetProperty("Environment", out var environment)
            ? environment.EnumerateArray().Select(variable => (variable.GetProperty("Name").GetString()!, Text(variable.GetProperty("Value"))))
            : [];

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string ImageOf(JsonElement container) => container.GetProperty("Image").GetRawText();
}

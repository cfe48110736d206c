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
    public void Every_service_runs_on_Fargate_with_a_container_health_check_on_liveness_not_readiness()
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
            Assert.Contains("GET /alive ", string.Join(' ', command));
            Assert.DoesNotContain("/health", string.Join(' ', command));
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
        var published = PublishedEntries().Values
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

    [Fact]
    public void Only_services_another_service_calls_publish_their_name_and_the_rest_are_Service_Connect_clients()
    {
        var called = stack.Containers()
            .SelectMany(c => Environment(c.Container))
            .Where(variable => variable.Name.StartsWith("services__", StringComparison.Ordinal))
            .Select(variable => variable.Name.Split("__")[1])
            .ToHashSet();

        Assert.Equal(called.Order(), PublishedEntries().Keys.Order());
        Assert.Equal([ServiceNames.Clustering, ServiceNames.Clusters, ServiceNames.Gateway, ServiceNames.Ingestion], PublishedEntries().Keys.Order());
        foreach (var (name, service) in stack.Services())
        {
            var serviceConnect = service.Properties.GetProperty("ServiceConnectConfiguration");
            Assert.True(serviceConnect.GetProperty("Enabled").GetBoolean(), $"{name} is not in Service Connect");
            Assert.Equal(called.Contains(name), serviceConnect.TryGetProperty("Services", out _));
        }
    }

    [Fact]
    public void Service_Connect_never_cuts_a_long_response_and_keeps_idle_connections_longer_than_the_load_balancer()
    {
        var loadBalancerIdleSeconds = LoadBalancerIdleSeconds();

        Assert.NotEmpty(PublishedEntries());
        foreach (var (name, entry) in PublishedEntries())
        {
            var timeout = entry.GetProperty("Timeout");
            Assert.Equal(0, timeout.GetProperty("PerRequestTimeoutSeconds").GetInt32());
            Assert.True(timeout.GetProperty("IdleTimeoutSeconds").GetInt32() > loadBalancerIdleSeconds,
                $"{name}'s Service Connect idle timeout does not outlast the load balancer's {loadBalancerIdleSeconds} s");
        }
    }

    [Fact]
    public void The_load_balancers_targets_keep_idle_connections_longer_than_the_load_balancer_and_no_other_service_changes_Kestrel()
    {
        var loadBalancerIdle = TimeSpan.FromSeconds(LoadBalancerIdleSeconds());

        foreach (var name in ServiceNames.Services)
        {
            var environment = Environment(stack.Containers().Single(c => c.Family == $"feedbackfix-{name}").Container).ToDictionary(v => v.Name, v => v.Value);
            var keepAlive = environment.GetValueOrDefault("Kestrel__Limits__KeepAliveTimeout");
            if (name is ServiceNames.Gateway or ServiceNames.Dashboard)
            {
                Assert.Equal("00:31:00", keepAlive);
                Assert.True(TimeSpan.Parse(keepAlive!, System.Globalization.CultureInfo.InvariantCulture) > loadBalancerIdle);
                Assert.Equal("true", environment["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
            }
            else
            {
                Assert.Null(keepAlive);
            }
        }
    }

    [Fact]
    public void Autoscaled_services_leave_their_task_count_to_the_scalable_target_and_the_others_run_their_minimum()
    {
        var targets = stack.ResourcesOfType("AWS::ApplicationAutoScaling::ScalableTarget").Select(target => target.Properties).ToList();

        var autoscaled = new List<string>();
        foreach (var (name, service) in stack.Services())
        {
            var size = stack.Settings.SizeOf(name);
            var target = targets.SingleOrDefault(t => t.GetProperty("ResourceId").GetRawText().Contains($"\"{service.LogicalId}\"", StringComparison.Ordinal));
            if (target.ValueKind == JsonValueKind.Object)
            {
                autoscaled.Add(name);
                Assert.False(service.Properties.TryGetProperty("DesiredCount", out _), $"{name} is autoscaled but the template sets its count");
                Assert.Equal(size.MinCount, target.GetProperty("MinCapacity").GetInt32());
            }
            else
            {
                Assert.Equal(size.MinCount, service.Properties.GetProperty("DesiredCount").GetInt32());
            }
        }
        Assert.Equal([ServiceNames.Clustering, ServiceNames.Gateway, ServiceNames.Ingestion], autoscaled.Order());
    }

    [Fact]
    public void The_dashboards_sign_in_settings_reach_its_container()
    {
        var dashboard = Environment(stack.Containers().Single(c => c.Family == "feedbackfix-dashboard").Container).ToDictionary(v => v.Name, v => v.Value);

        Assert.Equal(SynthesizedStack.OidcAuthority, dashboard["Dashboard__SignIn__Authority"]);
        Assert.Equal(SynthesizedStack.OidcClientId, dashboard["Dashboard__SignIn__ClientId"]);
        Assert.Equal(SynthesizedStack.AllowedEmailDomain, dashboard["Dashboard__SignIn__AllowedEmailDomains__0"]);
        Assert.DoesNotContain("Dashboard__SignIn__AllowAnyone", dashboard.Keys);
    }

    [Fact]
    public void A_service_is_created_after_every_service_it_calls_so_its_tasks_resolve_their_names()
    {
        // A task resolves only the Service Connect names that existed when it started. Who calls whom is
        // read from the addresses each container is given (services__{name}__http__0, Aspire's variables).
        var template = stack.Json.RootElement.GetProperty("Resources");
        var services = stack.Services();
        var calls = stack.Containers()
            .SelectMany(c => Environment(c.Container)
                .Select(variable => System.Text.RegularExpressions.Regex.Match(variable.Name, "^services__(.+)__http__0$"))
                .Where(match => match.Success)
                .Select(match => (Caller: c.Family["feedbackfix-".Length..], Callee: match.Groups[1].Value)))
            .ToList();

        Assert.Contains((ServiceNames.Gateway, ServiceNames.Ingestion), calls);
        Assert.Contains((ServiceNames.Dashboard, ServiceNames.Gateway), calls);
        foreach (var (caller, callee) in calls)
        {
            var dependsOn = template.GetProperty(services[caller].LogicalId).TryGetProperty("DependsOn", out var list)
                ? list.EnumerateArray().Select(id => id.GetString()).ToList()
                : [];
            Assert.True(dependsOn.Contains(services[callee].LogicalId), $"{caller} calls {callee} but is not created after it");
        }
    }

    /// <summary>Each Service Connect entry a service publishes, by service name.</summary>
    private Dictionary<string, JsonElement> PublishedEntries() =>
        stack.Services()
            .Where(service => service.Value.Properties.GetProperty("ServiceConnectConfiguration").TryGetProperty("Services", out _))
            .ToDictionary(
                service => service.Key,
                service => Assert.Single(service.Value.Properties.GetProperty("ServiceConnectConfiguration").GetProperty("Services").EnumerateArray()));

    private int LoadBalancerIdleSeconds()
    {
        var loadBalancer = Assert.Single(stack.ResourcesOfType("AWS::ElasticLoadBalancingV2::LoadBalancer")).Properties;
        var idle = loadBalancer.GetProperty("LoadBalancerAttributes").EnumerateArray()
            .Single(attribute => attribute.GetProperty("Key").GetString() == "idle_timeout.timeout_seconds");
        return int.Parse(idle.GetProperty("Value").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IEnumerable<(string Name, string Value)> Environment(JsonElement container) =>
        container.TryGetProperty("Environment", out var environment)
            ? environment.EnumerateArray().Select(variable => (variable.GetProperty("Name").GetString()!, Text(variable.GetProperty("Value"))))
            : [];

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string ImageOf(JsonElement container) => container.GetProperty("Image").GetRawText();
}

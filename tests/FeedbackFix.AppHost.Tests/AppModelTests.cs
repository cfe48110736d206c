namespace FeedbackFix.AppHost.Tests;

/// <summary>The application model the AppHost builds, inspected without starting anything.</summary>
public sealed class AppModelTests
{
    [Fact]
    public async Task Local_mode_runs_redis_server_with_aof_on()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeedbackFix_AppHost>(["Redis:Mode=local"]);

        var redis = Assert.IsAssignableFrom<ExecutableResource>(builder.Resources.Single(r => r.Name == "redis"));

        Assert.Equal("redis-server", redis.Command);
        var args = await ArgumentsAsync(redis);
        Assert.Contains("--appendonly", args);
        Assert.Equal("yes", args[args.IndexOf("--appendonly") + 1]);
        Assert.Equal("127.0.0.1", args[args.IndexOf("--bind") + 1]);
    }

    [Fact]
    public async Task External_mode_takes_a_connection_string()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeedbackFix_AppHost>(
            ["Redis:Mode=external", "ConnectionStrings:redis=127.0.0.1:6390"]);

        var redis = builder.Resources.Single(r => r.Name == "redis");

        Assert.IsNotType<ExecutableResource>(redis, exactMatch: false);
        Assert.IsAssignableFrom<IResourceWithConnectionString>(redis);
    }

    [Fact]
    public async Task An_unknown_mode_fails_with_a_message_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            DistributedApplicationTestingBuilder.CreateAsync<Projects.FeedbackFix_AppHost>(["Redis:Mode=cloud"]));

        Assert.Contains("Redis:Mode", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_gateway_and_the_dashboard_are_external_and_the_keys_are_secret()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeedbackFix_AppHost>(["Redis:Mode=local"]);

        var external = builder.Resources
            .Where(r => r.Annotations.OfType<EndpointAnnotation>().Any(e => e.IsExternal))
            .Select(r => r.Name);
        var apiKey = Assert.IsType<ParameterResource>(builder.Resources.Single(r => r.Name == "api-key"));
        var adminKey = Assert.IsType<ParameterResource>(builder.Resources.Single(r => r.Name == "admin-key"));

        Assert.Equal(["gateway", "dashboard"], external);
        Assert.True(apiKey.Secret);
        Assert.True(adminKey.Secret);
        Assert.Equal(
            ["agent-orchestrator", "clustering", "clusters", "dashboard", "gateway", "ingestion", "poller"],
            builder.Resources.OfType<ProjectResource>().Select(r => r.Name).Order());
    }

    [Fact]
    public async Task The_gateway_gets_a_named_key_each_for_clients_and_the_dashboard_and_the_dashboard_sends_its_own()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeedbackFix_AppHost>(["Redis:Mode=local"]);
        ParameterResource Parameter(string name) => Assert.IsType<ParameterResource>(builder.Resources.Single(r => r.Name == name));
        var projects = builder.Resources.OfType<ProjectResource>().ToList();

        var gateway = await RawEnvironmentAsync(builder, projects.Single(r => r.Name == "gateway"));
        var dashboard = await RawEnvironmentAsync(builder, projects.Single(r => r.Name == "dashboard"));

        Assert.True(Parameter("dashboard-api-key").Secret);
        Assert.Same(Parameter("api-key"), gateway["Gateway__ApiKeys__default__Key"]);
        Assert.Equal("ReadWrite", gateway["Gateway__ApiKeys__default__Scope"]);
        Assert.Same(Parameter("dashboard-api-key"), gateway["Gateway__ApiKeys__dashboard__Key"]);
        Assert.Equal("ReadWrite", gateway["Gateway__ApiKeys__dashboard__Scope"]);
        Assert.Same(Parameter("admin-key"), gateway["Gateway__AdminKey"]);
        Assert.Same(Parameter("dashboard-api-key"), dashboard["Dashboard__ApiKey"]);
    }

    [Fact]
    public async Task The_orchestrator_runs_the_coding_agent_built_beside_the_AppHost_and_reports_to_the_gateway()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeedbackFix_AppHost>(["Redis:Mode=local"]);

        var orchestrator = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "agent-orchestrator");
        var environment = await EnvironmentAsync(builder, orchestrator);

        var agent = environment["Launchers__Process__Arguments__0"];
        Assert.EndsWith("FeedbackFix.CodingAgent.dll", agent, StringComparison.Ordinal);
        Assert.True(File.Exists(agent), $"{agent} was not built with the AppHost");
        Assert.True(environment.ContainsKey("Orchestrator__BackendUrl"));
    }

    [Fact]
    public async Task The_GitHub_token_is_a_secret_parameter_passed_only_when_given()
    {
        await using var without = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeedbackFix_AppHost>(["Redis:Mode=local"]);
        await using var with = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeedbackFix_AppHost>(
            ["Redis:Mode=local", "Parameters:github-token=ghp_test"]);

        var orchestratorWithout = without.Resources.OfType<ProjectResource>().Single(r => r.Name == "agent-orchestrator");
        var token = Assert.IsType<ParameterResource>(with.Resources.Single(r => r.Name == "github-token"));

        Assert.False((await EnvironmentAsync(without, orchestratorWithout)).ContainsKey("GitHub__Token"));
        Assert.True(token.Secret);
    }

    [Fact]
    public async Task The_dashboards_sign_in_rules_pass_only_when_given_each_listed_entry_as_its_own_setting()
    {
        await using var without = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeedbackFix_AppHost>(["Redis:Mode=local"]);
        await using var with = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeedbackFix_AppHost>(
        [
            "Redis:Mode=local",
            "Parameters:dashboard-allowed-email-domains=example.com, example.org",
            "Parameters:dashboard-allowed-emails=ops@partner.example",
            "Parameters:dashboard-required-role=feedback-triage",
        ]);

        var plain = await RawEnvironmentAsync(without, without.Resources.OfType<ProjectResource>().Single(r => r.Name == "dashboard"));
        var ruled = await RawEnvironmentAsync(with, with.Resources.OfType<ProjectResource>().Single(r => r.Name == "dashboard"));

        Assert.DoesNotContain(plain.Keys, key => key.StartsWith("Dashboard__SignIn__", StringComparison.Ordinal));
        Assert.Equal("example.com", ruled["Dashboard__SignIn__AllowedEmailDomains__0"]);
        Assert.Equal("example.org", ruled["Dashboard__SignIn__AllowedEmailDomains__1"]);
        Assert.Equal("ops@partner.example", ruled["Dashboard__SignIn__AllowedEmails__0"]);
        Assert.Same(with.Resources.Single(r => r.Name == "dashboard-required-role"), ruled["Dashboard__SignIn__RequiredRole"]);
        Assert.False(ruled.ContainsKey("Dashboard__SignIn__AllowAnyone"));
    }

    /// <summary>
    /// The variables a resource is given, as the model holds them before start: text as text, and
    /// parameters and endpoints (resolvable only once running) as their type name.
    /// </summary>
    private static async Task<Dictionary<string, string>> EnvironmentAsync(IDistributedApplicationTestingBuilder builder, ProjectResource resource) =>
        (await RawEnvironmentAsync(builder, resource)).ToDictionary(v => v.Key, v => v.Value as string ?? v.Value.GetType().Name);

    /// <summary>The variables a resource is given, as the model holds them: text, or the parameter or endpoint itself.</summary>
    private static async Task<Dictionary<string, object>> RawEnvironmentAsync(IDistributedApplicationTestingBuilder builder, ProjectResource resource)
    {
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(builder.ExecutionContext, resource, variables);
        foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await annotation.Callback(context);
        }
        return variables;
    }

    private static async Task<List<string>> ArgumentsAsync(IResource resource)
    {
        var context = new CommandLineArgsCallbackContext([], resource);
        foreach (var annotation in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await annotation.Callback(context);
        }
        return [.. context.Args.Select(a => a is string s ? s : "<value>")];
    }
}

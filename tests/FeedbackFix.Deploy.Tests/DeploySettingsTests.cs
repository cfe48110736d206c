using Amazon.CDK;

namespace FeedbackFix.Deploy.Tests;

public sealed class DeploySettingsTests
{
    [Fact]
    public void Context_values_override_the_defaults()
    {
        var settings = Read(new() { ["imageTag"] = "2026.12.04-1", ["clustering:maxCount"] = "12", ["redisSnapshotRetentionDays"] = "14" });

        Assert.Equal("2026.12.04-1", settings.ImageTag);
        Assert.Equal(12, settings.SizeOf(ServiceNames.Clustering).MaxCount);
        Assert.Equal(ServiceSize.Defaults[ServiceNames.Clustering].MinCount, settings.SizeOf(ServiceNames.Clustering).MinCount);
        Assert.Equal(14, settings.RedisSnapshotRetentionDays);
        Assert.Null(settings.ExistingVpc);
    }

    [Fact]
    public void More_than_one_dashboard_replica_is_allowed_now_that_they_share_their_keys()
    {
        var settings = Read(new() { ["dashboard:minCount"] = "3", ["dashboard:maxCount"] = "4" });

        Assert.Equal(3, settings.SizeOf(ServiceNames.Dashboard).MinCount);
        Assert.Equal(4, settings.SizeOf(ServiceNames.Dashboard).MaxCount);
    }

    [Fact]
    public void An_existing_VPC_without_a_subnet_of_each_kind_per_zone_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Read(new()
        {
            ["vpcId"] = "vpc-0123456789abcdef0",
            ["availabilityZones"] = "eu-west-1a,eu-west-1b",
            ["privateSubnetIds"] = "subnet-0private0a",
            ["publicSubnetIds"] = "subnet-0public0a,subnet-0public0b",
        }));
        Assert.Contains("privateSubnetIds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redis_without_a_replica_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Read(new() { ["redisReplicas"] = "0" }));
        Assert.Contains("redisReplicas", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("36501")]
    public void A_report_retention_out_of_range_is_refused(string days)
    {
        var error = Assert.Throws<ArgumentException>(() => Read(new() { ["feedbackRetentionDays"] = days }));
        Assert.Contains("feedbackRetentionDays", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_agents_credential_variables_are_read_as_a_comma_separated_list()
    {
        var settings = Read(new() { ["agentCredentialVariables"] = " ANTHROPIC_API_KEY , OPENAI_API_KEY" });

        Assert.Equal(["ANTHROPIC_API_KEY", "OPENAI_API_KEY"], settings.AgentCredentialVariables);
        Assert.Empty(Read(new()).AgentCredentialVariables);
    }

    [Theory]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("JOB_TOKEN")]
    [InlineData("AGENT_COMMAND")]
    [InlineData("FEEDBACKFIX_PROMPT")]
    [InlineData("GIT_BASE_URL")]
    [InlineData("1PASSWORD")]
    [InlineData("OPENAI-API-KEY")]
    [InlineData("OPENAI_API_KEY,OPENAI_API_KEY")]
    public void An_agent_credential_variable_the_agent_sets_itself_or_that_is_no_variable_name_is_refused(string names)
    {
        var error = Assert.Throws<ArgumentException>(() => Read(new() { ["agentCredentialVariables"] = names }));
        Assert.Contains("agentCredentialVariables", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_prefix_keeps_the_stack_names_and_namespace_of_existing_deployments()
    {
        var settings = Read(new());

        Assert.Equal(("FeedbackFixImages", "FeedbackFix", "feedbackfix.internal"),
            (settings.ImagesStackName, settings.StackName, settings.ServiceConnectNamespace));
    }

    [Fact]
    public void Another_prefix_names_stacks_and_a_namespace_of_its_own()
    {
        var settings = Read(new() { ["prefix"] = "acme" });

        Assert.Equal(("FeedbackFixImages-acme", "FeedbackFix-acme", "acme.internal"),
            (settings.ImagesStackName, settings.StackName, settings.ServiceConnectNamespace));
    }

    [Theory]
    [InlineData("Acme")]
    [InlineData("1acme")]
    [InlineData("acme_corp")]
    [InlineData("acme.corp")]
    [InlineData("a23456789012345678901234567890123")]
    public void A_prefix_that_cannot_name_a_repository_or_a_namespace_is_refused(string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => Read(new() { ["prefix"] = prefix }));
        Assert.Contains("'prefix'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dashboardOidcAuthority", "")]
    [InlineData("dashboardOidcAuthority", "http://login.example.com")]
    [InlineData("dashboardOidcAuthority", "login.example.com")]
    [InlineData("dashboardOidcClientId", "")]
    public void A_dashboard_without_complete_https_sign_in_settings_is_refused_at_synthesis(string key, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Read(new() { [key] = value }));
        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dashboard_without_a_rule_of_who_may_use_it_is_refused_at_synthesis()
    {
        var error = Assert.Throws<ArgumentException>(() => Read(new() { ["dashboardAllowedEmailDomains"] = "" }));

        Assert.Contains("'dashboardAllowedEmailDomains'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'dashboardAllowAnyone'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_anyone_is_read_as_the_explicit_alternative_to_a_rule()
    {
        var settings = Read(new() { ["dashboardAllowedEmailDomains"] = "", ["dashboardAllowAnyone"] = "true" });

        Assert.True(settings.DashboardAllowAnyone);
        Assert.Empty(settings.DashboardAllowedEmailDomains);
    }

    [Theory]
    [InlineData("dashboardAllowAnyone", "true", "'dashboardAllowAnyone' is true while")]
    [InlineData("dashboardAllowAnyone", "yes", "'dashboardAllowAnyone' must be true or false")]
    [InlineData("dashboardAllowedEmailDomains", "@example.com", "'dashboardAllowedEmailDomains' has '@example.com'")]
    [InlineData("dashboardAllowedEmails", "example.com", "'dashboardAllowedEmails' has 'example.com'")]
    public void A_rule_of_who_may_use_the_dashboard_that_it_would_refuse_is_refused_at_synthesis(string key, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Read(new() { [key] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis", "7.1", "redis7")]
    [InlineData("redis", "7.0", "redis7")]
    [InlineData("valkey", "7.2", "valkey7")]
    [InlineData("valkey", "8.0", "valkey8")]
    public void The_Redis_parameter_group_family_follows_engine_and_version(string engine, string version, string family)
    {
        var settings = Read(new() { ["redisEngine"] = engine, ["redisEngineVersion"] = version });

        Assert.Equal(family, settings.RedisParameterGroupFamily);
    }

    [Theory]
    [InlineData("redis", "6.2")]
    [InlineData("redis", "latest")]
    [InlineData("memcached", "1.6")]
    public void A_Redis_engine_or_version_without_a_family_the_stack_supports_is_refused(string engine, string version)
    {
        var error = Assert.Throws<ArgumentException>(() => Read(new() { ["redisEngine"] = engine, ["redisEngineVersion"] = version }));
        Assert.Contains("'redisEngineVersion'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20")]
    [InlineData("201")]
    public void Agent_storage_outside_Fargates_range_is_refused(string gib)
    {
        var error = Assert.Throws<ArgumentException>(() => Read(new() { ["agentEphemeralStorageGiB"] = gib }));
        Assert.Contains("agentEphemeralStorageGiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_sits_behind_the_load_balancer_keeps_idle_connections_a_minute_longer_than_it()
    {
        Assert.Equal(TimeSpan.FromMinutes(31), Read(new()).IdleTimeoutBehindLoadBalancer);
        Assert.Equal(TimeSpan.FromSeconds(660), Read(new() { ["loadBalancerIdleTimeoutSeconds"] = "600" }).IdleTimeoutBehindLoadBalancer);
    }

    /// <summary>The settings from the context given over the required one.</summary>
    private static DeploySettings Read(Dictionary<string, object> context)
    {
        var complete = SynthesizedStack.RequiredContext();
        foreach (var (key, value) in context)
        {
            complete[key] = value;
        }
        return DeploySettings.FromContext(new App(new AppProps { Context = complete }).Node);
    }
}

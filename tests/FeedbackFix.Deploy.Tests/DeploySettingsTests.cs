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

    private static DeploySettings Read(Dictionary<string, object> context) =>
        DeploySettings.FromContext(new App(new AppProps { Context = context }).Node);
}

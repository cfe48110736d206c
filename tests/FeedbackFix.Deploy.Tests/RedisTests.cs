using System.Text.Json;
using Amazon.CDK.Assertions;

namespace FeedbackFix.Deploy.Tests;

public sealed class RedisTests(NewVpcStack stack) : IClassFixture<NewVpcStack>
{
    [Fact]
    public void The_replication_group_is_one_shard_Multi_AZ_encrypted_with_an_auth_token_and_daily_snapshots()
    {
        stack.Template.ResourceCountIs("AWS::ElastiCache::ReplicationGroup", 1);
        stack.Template.HasResourceProperties("AWS::ElastiCache::ReplicationGroup", new Dictionary<string, object>
        {
            ["ClusterMode"] = "disabled",
            ["NumCacheClusters"] = 2,
            ["NumNodeGroups"] = Match.Absent(),
            ["AutomaticFailoverEnabled"] = true,
            ["MultiAZEnabled"] = true,
            ["TransitEncryptionEnabled"] = true,
            ["AtRestEncryptionEnabled"] = true,
            ["AuthToken"] = Match.AnyValue(),
            ["SnapshotRetentionLimit"] = 9,
            ["SnapshotName"] = Match.Absent(),
        });

        var group = Assert.Single(stack.ResourcesOfType("AWS::ElastiCache::ReplicationGroup")).Properties;
        Assert.Contains("{{resolve:secretsmanager:", group.GetProperty("AuthToken").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Redis_takes_connections_only_on_6379_and_only_from_the_services_security_group()
    {
        var redis = stack.SecurityGroupId("Redis");
        var services = stack.SecurityGroupId("The FeedbackFix services");

        var rules = stack.IngressRulesOf(redis).ToList();
        Assert.NotEmpty(rules);
        Assert.All(rules, rule =>
        {
            Assert.Equal("tcp", rule.GetProperty("IpProtocol").GetString());
            Assert.Equal(6379, rule.GetProperty("FromPort").GetInt32());
            Assert.Equal(6379, rule.GetProperty("ToPort").GetInt32());
            Assert.False(rule.TryGetProperty("CidrIp", out _));
            Assert.False(rule.TryGetProperty("CidrIpv6", out _));
            Assert.Equal(services, SynthesizedStack.SourceGroupOf(rule));
        });

        var replicationGroup = Assert.Single(stack.ResourcesOfType("AWS::ElastiCache::ReplicationGroup")).Properties;
        var attached = replicationGroup.GetProperty("SecurityGroupIds").EnumerateArray().Select(SynthesizedStack.GroupIdReference).ToArray();
        Assert.Equal(redis, Assert.Single(attached));
    }

    [Fact]
    public void The_coding_agents_security_group_cannot_reach_Redis()
    {
        var redis = stack.SecurityGroupId("Redis");
        var agent = stack.SecurityGroupId("The coding agent");

        Assert.DoesNotContain(agent, stack.IngressRulesOf(redis).Select(SynthesizedStack.SourceGroupOf));
        Assert.NotEqual(stack.SecurityGroupId("The FeedbackFix services"), agent);

        // And it is the group the orchestrator gives the agent's tasks.
        var orchestrator = stack.Containers().Single(c => c.Family == "feedbackfix-agent-orchestrator").Container;
        var securityGroups = orchestrator.GetProperty("Environment").EnumerateArray()
            .Where(variable => variable.GetProperty("Name").GetString()!.StartsWith("Launchers__Ecs__SecurityGroups__", StringComparison.Ordinal))
            .Select(variable => SynthesizedStack.GroupIdReference(variable.GetProperty("Value")))
            .ToArray();
        Assert.Equal(agent, Assert.Single(securityGroups));
    }
}

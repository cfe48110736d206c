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
    public void Redis_takes_connections_only_on_6379_and_only_from_the_Redis_clients_group()
    {
        var redis = stack.SecurityGroupId("Redis");
        var clients = stack.SecurityGroupId("The services that use Redis");

        var rules = stack.IngressRulesOf(redis).ToList();
        Assert.NotEmpty(rules);
        Assert.All(rules, rule =>
        {
            Assert.Equal("tcp", rule.GetProperty("IpProtocol").GetString());
            Assert.Equal(6379, rule.GetProperty("FromPort").GetInt32());
            Assert.Equal(6379, rule.GetProperty("ToPort").GetInt32());
            Assert.False(rule.TryGetProperty("CidrIp", out _));
            Assert.False(rule.TryGetProperty("CidrIpv6", out _));
            Assert.Equal(clients, SynthesizedStack.SourceGroupOf(rule));
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
        Assert.NotEqual(stack.SecurityGroupId("The services that use Redis"), agent);

        // And it is the group the orchestrator gives the agent's tasks.
        var orchestrator = stack.Containers().Single(c => c.Family == "feedbackfix-agent-orchestrator").Container;
        var securityGroups = orchestrator.GetProperty("Environment").EnumerateArray()
            .Where(variable => variable.GetProperty("Name").GetString()!.StartsWith("Launchers__Ecs__SecurityGroups__", StringComparison.Ordinal))
            .Select(variable => SynthesizedStack.GroupIdReference(variable.GetProperty("Value")))
            .ToArray();
        Assert.Equal(agent, Assert.Single(securityGroups));
    }

    [Fact]
    public void The_Redis_clients_group_is_carried_by_exactly_the_services_that_connect_to_Redis()
    {
        var clients = stack.SecurityGroupId("The services that use Redis");
        var usingRedis = stack.Containers()
            .Where(c => SynthesizedStack.EnvironmentOf(c.Container).ContainsKey("ConnectionStrings__redis"))
            .Select(c => c.Family["feedbackfix-".Length..])
            .Order();

        var carrying = stack.Services().Keys.Where(service => stack.SecurityGroupsOf(service).Contains(clients)).Order();

        Assert.Equal(usingRedis, carrying);
        Assert.Equal([ServiceNames.AgentOrchestrator, ServiceNames.Clustering, ServiceNames.Clusters, ServiceNames.Ingestion, ServiceNames.Poller], carrying);
    }

    [Fact]
    public void Redis_never_evicts_keys_so_leases_and_idempotency_keys_stay_until_they_expire()
    {
        var parameterGroup = Assert.Single(stack.ResourcesOfType("AWS::ElastiCache::ParameterGroup"));
        Assert.Equal("redis7", parameterGroup.Properties.GetProperty("CacheParameterGroupFamily").GetString());
        Assert.Equal("noeviction", parameterGroup.Properties.GetProperty("Properties").GetProperty("maxmemory-policy").GetString());

        var replicationGroup = Assert.Single(stack.ResourcesOfType("AWS::ElastiCache::ReplicationGroup")).Properties;
        Assert.Equal(parameterGroup.LogicalId, replicationGroup.GetProperty("CacheParameterGroupName").GetProperty("Ref").GetString());
    }

    [Fact]
    public void An_alarm_goes_off_when_any_Redis_node_uses_80_percent_of_its_memory_for_15_minutes()
    {
        var alarm = Assert.Single(stack.ResourcesOfType("AWS::CloudWatch::Alarm"),
            a => a.Properties.GetRawText().Contains("DatabaseMemoryUsagePercentage", StringComparison.Ordinal)).Properties;

        Assert.Equal("GreaterThanOrEqualToThreshold", alarm.GetProperty("ComparisonOperator").GetString());
        Assert.Equal(80, alarm.GetProperty("Threshold").GetInt32());
        Assert.Equal(3, alarm.GetProperty("EvaluationPeriods").GetInt32());

        var metrics = alarm.GetProperty("Metrics").EnumerateArray().ToList();
        var nodes = metrics.Where(m => m.TryGetProperty("MetricStat", out _)).Select(m => m.GetProperty("MetricStat")).ToList();
        Assert.Equal(1 + stack.Settings.RedisReplicas, nodes.Count);
        var replicationGroup = Assert.Single(stack.ResourcesOfType("AWS::ElastiCache::ReplicationGroup")).LogicalId;
        Assert.All(nodes, node =>
        {
            Assert.Equal(300, node.GetProperty("Period").GetInt32());
            Assert.Equal("DatabaseMemoryUsagePercentage", node.GetProperty("Metric").GetProperty("MetricName").GetString());
            var dimension = Assert.Single(node.GetProperty("Metric").GetProperty("Dimensions").EnumerateArray());
            Assert.Equal("CacheClusterId", dimension.GetProperty("Name").GetString());
            Assert.Contains($"\"{replicationGroup}\"", dimension.GetProperty("Value").GetRawText(), StringComparison.Ordinal);
        });
        var expression = Assert.Single(metrics, m => m.TryGetProperty("Expression", out _));
        var nodeIds = metrics.Where(m => m.TryGetProperty("MetricStat", out _)).Select(m => m.GetProperty("Id").GetString());
        Assert.Equal($"MAX([{string.Join(", ", nodeIds)}])", expression.GetProperty("Expression").GetString());
    }
}

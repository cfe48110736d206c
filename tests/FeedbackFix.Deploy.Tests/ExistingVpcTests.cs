using System.Text.Json;

namespace FeedbackFix.Deploy.Tests;

public sealed class ExistingVpcTests(ExistingVpcStack stack) : IClassFixture<ExistingVpcStack>
{
    private static readonly string[] PrivateSubnets = ["subnet-0private0a", "subnet-0private0b"];
    private static readonly string[] PublicSubnets = ["subnet-0public0a", "subnet-0public0b"];

    [Fact]
    public void An_existing_VPC_is_used_as_given_without_creating_one()
    {
        stack.Template.ResourceCountIs("AWS::EC2::VPC", 0);
        stack.Template.ResourceCountIs("AWS::EC2::NatGateway", 0);

        Assert.All(stack.ResourcesOfType("AWS::EC2::SecurityGroup"), group =>
            Assert.Equal("vpc-0123456789abcdef0", group.Properties.GetProperty("VpcId").GetString()));
    }

    [Fact]
    public void Services_and_Redis_sit_in_the_private_subnets_and_the_load_balancer_in_the_public_ones()
    {
        Assert.All(stack.ResourcesOfType("AWS::ECS::Service"), service =>
            Assert.Equal(PrivateSubnets, Strings(service.Properties.GetProperty("NetworkConfiguration").GetProperty("AwsvpcConfiguration").GetProperty("Subnets"))));

        var subnetGroup = Assert.Single(stack.ResourcesOfType("AWS::ElastiCache::SubnetGroup")).Properties;
        Assert.Equal(PrivateSubnets, Strings(subnetGroup.GetProperty("SubnetIds")));

        var loadBalancer = Assert.Single(stack.ResourcesOfType("AWS::ElasticLoadBalancingV2::LoadBalancer")).Properties;
        Assert.Equal(PublicSubnets, Strings(loadBalancer.GetProperty("Subnets")));

        var orchestrator = stack.Containers().Single(c => c.Family == "feedbackfix-agent-orchestrator").Container;
        var agentSubnets = orchestrator.GetProperty("Environment").EnumerateArray()
            .Where(variable => variable.GetProperty("Name").GetString()!.StartsWith("Launchers__Ecs__Subnets__", StringComparison.Ordinal))
            .Select(variable => variable.GetProperty("Value").GetString()!);
        Assert.Equal(PrivateSubnets, agentSubnets);
    }

    [Fact]
    public void The_dashboard_gets_every_rule_of_who_may_use_it_one_list_entry_per_variable()
    {
        var dashboard = stack.Containers().Single(c => c.Family == "feedbackfix-dashboard").Container;

        var signIn = SynthesizedStack.EnvironmentOf(dashboard)
            .Where(variable => variable.Key.StartsWith("Dashboard__SignIn__", StringComparison.Ordinal)
                && variable.Key is not ("Dashboard__SignIn__Authority" or "Dashboard__SignIn__ClientId"))
            .ToDictionary();

        Assert.Equal(new Dictionary<string, string>
        {
            ["Dashboard__SignIn__AllowedEmailDomains__0"] = "example.com",
            ["Dashboard__SignIn__AllowedEmailDomains__1"] = "example.org",
            ["Dashboard__SignIn__AllowedEmails__0"] = "grace@partner.example.net",
            ["Dashboard__SignIn__RequiredRole"] = "FeedbackFix.Operator",
            ["Dashboard__SignIn__RoleClaim"] = "groups",
        }, signIn);
    }

    [Fact]
    public void The_ingestion_task_gets_the_report_retention_given_in_context_and_no_other_task_does()
    {
        foreach (var (family, container) in stack.Containers())
        {
            var retention = container.TryGetProperty("Environment", out var environment)
                ? environment.EnumerateArray().Where(variable => variable.GetProperty("Name").GetString() == "Retention__FeedbackMaxAgeDays")
                    .Select(variable => variable.GetProperty("Value").GetString()).ToList()
                : [];
            Assert.Equal(family == "feedbackfix-ingestion" ? ["365"] : [], retention);
        }
    }

    [Fact]
    public void Redis_is_built_from_the_snapshot_named_in_context()
    {
        var group = Assert.Single(stack.ResourcesOfType("AWS::ElastiCache::ReplicationGroup")).Properties;
        Assert.Equal("feedbackfix-2026-12-01", group.GetProperty("SnapshotName").GetString());
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString()!)];
}

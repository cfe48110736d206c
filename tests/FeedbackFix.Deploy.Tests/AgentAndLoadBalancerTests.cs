using System.Text.Json;
using Amazon.CDK.Assertions;

namespace FeedbackFix.Deploy.Tests;

public sealed class AgentAndLoadBalancerTests(NewVpcStack stack) : IClassFixture<NewVpcStack>
{
    [Fact]
    public void The_orchestrators_policy_runs_describes_and_stops_only_agent_tasks_and_passes_only_the_agents_roles()
    {
        var orchestratorRole = Reference(stack.ResourcesOfType("AWS::ECS::TaskDefinition")
            .Single(task => task.Properties.GetProperty("Family").GetString() == "feedbackfix-agent-orchestrator")
            .Properties.GetProperty("TaskRoleArn"));
        var agentTask = stack.ResourcesOfType("AWS::ECS::TaskDefinition")
            .Single(task => task.Properties.GetProperty("Family").GetString() == "feedbackfix-coding-agent").Properties;
        var agentRoles = new[] { Reference(agentTask.GetProperty("TaskRoleArn")), Reference(agentTask.GetProperty("ExecutionRoleArn")) };

        var statements = stack.ResourcesOfType("AWS::IAM::Policy")
            .Where(policy => policy.Properties.GetProperty("Roles").EnumerateArray().Any(role => Reference(role) == orchestratorRole))
            .SelectMany(policy => policy.Properties.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
            .ToList();
        var actions = statements.SelectMany(Actions).ToHashSet();
        Assert.Equal(new HashSet<string> { "ecs:RunTask", "ecs:DescribeTasks", "ecs:StopTask", "ecs:TagResource", "iam:PassRole" }, actions);

        foreach (var statement in statements)
        {
            var resources = Resources(statement).ToList();
            Assert.DoesNotContain("\"*\"", resources);
            if (Actions(statement).Contains("ecs:RunTask"))
            {
                Assert.Contains("task-definition/feedbackfix-coding-agent:*", Assert.Single(resources), StringComparison.Ordinal);
                Assert.Contains("ecs:cluster", statement.GetProperty("Condition").GetRawText(), StringComparison.Ordinal);
            }
            if (Actions(statement).Intersect(["ecs:DescribeTasks", "ecs:StopTask", "ecs:TagResource"]).Any())
            {
                var agentCluster = Reference(agentTaskCluster());
                Assert.Contains(agentCluster!, Assert.Single(resources), StringComparison.Ordinal);
            }
            if (Actions(statement).Contains("iam:PassRole"))
            {
                Assert.Equal(agentRoles.Order(), statement.GetProperty("Resource").EnumerateArray().Select(Reference).Order());
                Assert.Contains("ecs-tasks.amazonaws.com", statement.GetProperty("Condition").GetRawText(), StringComparison.Ordinal);
            }
        }

        JsonElement agentTaskCluster() => stack.ResourcesOfType("AWS::ECS::TaskDefinition")
            .Single(task => task.Properties.GetProperty("Family").GetString() == "feedbackfix-agent-orchestrator")
            .Properties.GetProperty("ContainerDefinitions")[0].GetProperty("Environment").EnumerateArray()
            .Single(variable => variable.GetProperty("Name").GetString() == "Launchers__Ecs__Cluster").GetProperty("Value");
    }

    [Fact]
    public void The_agent_runs_as_a_task_definition_of_its_own_family_and_not_as_a_service()
    {
        stack.Template.HasResourceProperties("AWS::ECS::TaskDefinition", new Dictionary<string, object>
        {
            ["Family"] = "feedbackfix-coding-agent",
            ["RequiresCompatibilities"] = new[] { "FARGATE" },
            ["ContainerDefinitions"] = new[]
            {
                Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Name"] = "coding-agent",
                    ["Secrets"] = new[] { Match.ObjectLike(new Dictionary<string, object> { ["Name"] = "GITHUB_TOKEN" }) },
                }),
            },
        });
        Assert.DoesNotContain(stack.ResourcesOfType("AWS::ECS::Service"), service => service.Properties.GetProperty("ServiceName").GetString() == "coding-agent");
    }

    [Fact]
    public void Without_credential_variables_there_is_no_credentials_secret_and_the_agent_gets_only_its_GitHub_token()
    {
        Assert.DoesNotContain(stack.ResourcesOfType("AWS::SecretsManager::Secret"),
            secret => secret.Properties.GetProperty("Name").GetString() == "feedbackfix/agent-credentials");
        var agent = stack.Containers().Single(c => c.Family == "feedbackfix-coding-agent").Container;
        Assert.Equal(["GITHUB_TOKEN"], agent.GetProperty("Secrets").EnumerateArray().Select(secret => secret.GetProperty("Name").GetString()));
    }

    [Fact]
    public void The_listener_is_HTTPS_with_the_given_certificate_and_HTTP_only_redirects()
    {
        stack.Template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", new Dictionary<string, object>
        {
            ["Port"] = 443,
            ["Protocol"] = "HTTPS",
            ["Certificates"] = new[] { new Dictionary<string, object> { ["CertificateArn"] = SynthesizedStack.CertificateArn } },
        });
        stack.Template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", new Dictionary<string, object>
        {
            ["Port"] = 80,
            ["DefaultActions"] = new[] { Match.ObjectLike(new Dictionary<string, object> { ["Type"] = "redirect" }) },
        });
    }

    [Fact]
    public void The_dashboards_targets_are_sticky_and_connections_may_idle_for_Blazor_circuits()
    {
        var dashboard = stack.ResourcesOfType("AWS::ElasticLoadBalancingV2::TargetGroup")
            .Single(group => group.LogicalId.Contains("Dashboard", StringComparison.Ordinal)).Properties;
        var attributes = Attributes(dashboard.GetProperty("TargetGroupAttributes"));
        Assert.Equal("true", attributes["stickiness.enabled"]);
        Assert.Equal("lb_cookie", attributes["stickiness.type"]);
        Assert.Equal((stack.Settings.DashboardStickinessHours * 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), attributes["stickiness.lb_cookie.duration_seconds"]);

        var loadBalancer = Assert.Single(stack.ResourcesOfType("AWS::ElasticLoadBalancingV2::LoadBalancer")).Properties;
        var idle = int.Parse(Attributes(loadBalancer.GetProperty("LoadBalancerAttributes"))["idle_timeout.timeout_seconds"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(idle >= 600, $"idle timeout {idle} s is too short for a Blazor Server circuit or a followed job log");

        stack.Template.HasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", new Dictionary<string, object>
        {
            ["Conditions"] = new[]
            {
                Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Field"] = "host-header",
                    ["HostHeaderConfig"] = new Dictionary<string, object> { ["Values"] = new[] { stack.Settings.DashboardHostName } },
                }),
            },
        });
    }

    [Fact]
    public void Clustering_scales_on_CPU_and_the_gateway_on_requests_per_target()
    {
        stack.Template.HasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", new Dictionary<string, object>
        {
            ["TargetTrackingScalingPolicyConfiguration"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["PredefinedMetricSpecification"] = new Dictionary<string, object> { ["PredefinedMetricType"] = "ECSServiceAverageCPUUtilization" },
            }),
        });
        stack.Template.HasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", new Dictionary<string, object>
        {
            ["TargetTrackingScalingPolicyConfiguration"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["PredefinedMetricSpecification"] = Match.ObjectLike(new Dictionary<string, object> { ["PredefinedMetricType"] = "ALBRequestCountPerTarget" }),
            }),
        });
        stack.Template.HasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", new Dictionary<string, object>
        {
            ["PolicyType"] = "StepScaling",
            ["ScalingTargetId"] = new Dictionary<string, object> { ["Ref"] = Match.StringLikeRegexp("ingestion") },
        });
    }

    [Fact]
    public void Only_the_gateway_and_the_dashboard_take_connections_from_the_load_balancer()
    {
        var loadBalancer = stack.SecurityGroupId("The public load balancer");
        var admittingLoadBalancer = stack.ResourcesOfType("AWS::EC2::SecurityGroup")
            .Where(group => stack.IngressRulesOf(group.LogicalId).Any(rule => SynthesizedStack.SourceGroupOf(rule) == loadBalancer))
            .Select(group => group.LogicalId)
            .ToHashSet();

        var reached = stack.Services().Keys.Where(service => stack.SecurityGroupsOf(service).Any(group => group is not null && admittingLoadBalancer.Contains(group))).Order();

        Assert.Equal([ServiceNames.Dashboard, ServiceNames.Gateway], reached);
    }

    [Fact]
    public void Of_the_load_balancers_targets_only_the_gateway_reaches_the_other_services_so_the_dashboard_goes_through_its_key_checks()
    {
        var ingestionGroups = stack.SecurityGroupsOf(ServiceNames.Ingestion).OfType<string>().ToHashSet();
        var admittedSources = stack.ResourcesOfType("AWS::EC2::SecurityGroup")
            .Where(group => ingestionGroups.Contains(group.LogicalId))
            .SelectMany(group => stack.IngressRulesOf(group.LogicalId).Select(SynthesizedStack.SourceGroupOf))
            .OfType<string>()
            .ToHashSet();

        var reaching = stack.Services().Keys
            .Where(service => stack.SecurityGroupsOf(service).Any(group => group is not null && admittedSources.Contains(group)))
            .ToHashSet();

        Assert.Contains(ServiceNames.Gateway, reaching);
        Assert.DoesNotContain(ServiceNames.Dashboard, reaching);
    }

    [Fact]
    public void Ingestion_scales_on_the_gateways_requests_counting_a_minute_without_any_as_zero_so_it_scales_in_when_idle()
    {
        var alarms = stack.ResourcesOfType("AWS::CloudWatch::Alarm")
            .Where(alarm => alarm.Properties.GetRawText().Contains("RequestCount", StringComparison.Ordinal))
            .Select(alarm => alarm.Properties)
            .ToList();

        Assert.Equal(2, alarms.Count);
        Assert.Contains(alarms, alarm => alarm.GetProperty("ComparisonOperator").GetString() == "LessThanOrEqualToThreshold");
        Assert.All(alarms, alarm =>
        {
            var metrics = alarm.GetProperty("Metrics").EnumerateArray().ToList();
            var expression = Assert.Single(metrics, m => m.TryGetProperty("Expression", out _));
            var request = Assert.Single(metrics, m => m.TryGetProperty("MetricStat", out _));
            Assert.Equal($"FILL({request.GetProperty("Id").GetString()}, 0)", expression.GetProperty("Expression").GetString());
            Assert.Equal("Sum", request.GetProperty("MetricStat").GetProperty("Stat").GetString());
        });
    }

    [Fact]
    public void The_agents_task_has_the_ephemeral_storage_of_its_setting()
    {
        var agentTask = stack.ResourcesOfType("AWS::ECS::TaskDefinition")
            .Single(task => task.Properties.GetProperty("Family").GetString() == "feedbackfix-coding-agent").Properties;

        Assert.Equal(40, agentTask.GetProperty("EphemeralStorage").GetProperty("SizeInGiB").GetInt32());
    }

    private static Dictionary<string, string> Attributes(JsonElement attributes) =>
        attributes.EnumerateArray().ToDictionary(a => a.GetProperty("Key").GetString()!, a => a.GetProperty("Value").GetString()!);

    private static IEnumerable<string> Actions(JsonElement statement) =>
        statement.GetProperty("Action") is { ValueKind: JsonValueKind.Array } many ? many.EnumerateArray().Select(a => a.GetString()!) : [statement.GetProperty("Action").GetString()!];

    private static IEnumerable<string> Resources(JsonElement statement) =>
        statement.GetProperty("Resource") is { ValueKind: JsonValueKind.Array } many ? many.EnumerateArray().Select(r => r.GetRawText()) : [statement.GetProperty("Resource").GetRawText()];

    /// <summary>The logical id a <c>Ref</c> or <c>Fn::GetAtt</c> names.</summary>
    private static string? Reference(JsonElement value) =>
        value.ValueKind != JsonValueKind.Object ? null
        : value.TryGetProperty("Ref", out var reference) ? reference.GetString()
        : value.TryGetProperty("Fn::GetAtt", out var attribute) ? attribute[0].GetString()
        : null;
}

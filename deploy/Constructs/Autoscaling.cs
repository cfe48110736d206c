using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.ECS;
using Constructs;

namespace FeedbackFix.Deploy.Constructs;

/// <summary>
/// Task counts between each service's bounds: the embedders (clustering) on CPU, the gateway on
/// requests per target, and ingestion, which has no target group of its own, on the gateway's
/// request count divided by a per-task budget.
/// </summary>
public sealed class Autoscaling : Construct
{
    public Autoscaling(Construct scope, string id, DeploySettings settings, AppServices services, PublicLoadBalancer loadBalancer)
        : base(scope, id)
    {
        ScalableTaskCount Scalable(string name)
        {
            var size = settings.SizeOf(name);
            var service = services[name];
            // A desired count in the template would set a scaled-out service back to it on every deploy;
            // without one, the scalable target's minimum holds the floor (a new service is raised to it).
            ((CfnService)service.Node.DefaultChild!).DesiredCount = null;
            return service.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = size.MinCount, MaxCapacity = size.MaxCount });
        }

        Scalable(ServiceNames.Clustering).ScaleOnCpuUtilization("Cpu", new CpuUtilizationScalingProps
        {
            TargetUtilizationPercent = settings.ClusteringCpuTargetPercent,
            ScaleOutCooldown = Duration.Seconds(60),
            ScaleInCooldown = Duration.Minutes(5),
        });

        Scalable(ServiceNames.Gateway).ScaleOnRequestCount("Requests", new RequestCountScalingProps
        {
            TargetGroup = loadBalancer.GatewayTargets,
            RequestsPerTarget = settings.GatewayRequestsPerTarget,
            ScaleOutCooldown = Duration.Seconds(60),
            ScaleInCooldown = Duration.Minutes(5),
        });

        var ingestion = settings.SizeOf(ServiceNames.Ingestion);
        Scalable(ServiceNames.Ingestion).ScaleOnMetric("Requests", new BasicStepScalingPolicyProps
        {
            Metric = GatewayRequestsPerMinute(loadBalancer),
            AdjustmentType = AdjustmentType.EXACT_CAPACITY,
            ScalingSteps = IngestionSteps(ingestion, settings.IngestionRequestsPerTarget),
            Cooldown = Duration.Seconds(60),
        });
    }

    /// <summary>
    /// The gateway's requests a minute, 0 for a minute without any: the load balancer publishes no
    /// RequestCount then, and an alarm without data would never scale ingestion in.
    /// </summary>
    private static MathExpression GatewayRequestsPerMinute(PublicLoadBalancer loadBalancer) => new(new MathExpressionProps
    {
        Expression = "FILL(requests, 0)",
        UsingMetrics = new Dictionary<string, IMetric>
        {
            ["requests"] = loadBalancer.GatewayTargets.Metrics.RequestCount(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Sum" }),
        },
        Period = Duration.Minutes(1),
        Label = "Gateway requests a minute",
    });

    /// <summary>One step per task count: n tasks while the load balancer sees up to n budgets of requests a minute.</summary>
    private static ScalingInterval[] IngestionSteps(ServiceSize size, int requestsPerTask)
    {
        var steps = new List<ScalingInterval> { new() { Upper = size.MinCount * requestsPerTask, Change = size.MinCount } };
        for (var count = size.MinCount + 1; count <= size.MaxCount; count++)
        {
            steps.Add(new ScalingInterval
            {
                Lower = (count - 1) * requestsPerTask,
                Upper = count == size.MaxCount ? null : count * requestsPerTask,
                Change = count,
            });
        }
        return [.. steps];
    }
}

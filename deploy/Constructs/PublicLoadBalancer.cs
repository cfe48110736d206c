using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Constructs;
using ElbHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace FeedbackFix.Deploy.Constructs;

/// <summary>
/// The internet-facing Application Load Balancer: HTTPS with the given certificate, HTTP redirected;
/// the dashboard by its host name (sticky, for Blazor Server's circuits), everything else to the gateway.
/// </summary>
public sealed class PublicLoadBalancer : Construct
{
    public PublicLoadBalancer(Construct scope, string id, DeploySettings settings, Network network, AppServices services, string certificateArn)
        : base(scope, id)
    {
        LoadBalancer = new ApplicationLoadBalancer(this, "LoadBalancer", new ApplicationLoadBalancerProps
        {
            Vpc = network.Vpc,
            InternetFacing = true,
            VpcSubnets = network.PublicSubnets,
            SecurityGroup = network.LoadBalancerSecurityGroup,
            // A Blazor Server circuit is one long-lived WebSocket, and a followed job log one long
            // response that may sit quiet between lines: neither may be cut after the default minute.
            IdleTimeout = Duration.Seconds(settings.LoadBalancerIdleTimeoutSeconds),
            DropInvalidHeaderFields = true,
        });

        LoadBalancer.AddListener("Http", new BaseApplicationListenerProps
        {
            Port = 80,
            Protocol = ApplicationProtocol.HTTP,
            Open = false,
            DefaultAction = ListenerAction.Redirect(new RedirectOptions { Protocol = "HTTPS", Port = "443", Permanent = true }),
        });

        HttpsListener = LoadBalancer.AddListener("Https", new BaseApplicationListenerProps
        {
            Port = 443,
            Protocol = ApplicationProtocol.HTTPS,
            Open = false,
            Certificates = [ListenerCertificate.FromArn(certificateArn)],
            SslPolicy = SslPolicy.RECOMMENDED_TLS,
        });

        GatewayTargets = TargetGroup("GatewayTargets", services[ServiceNames.Gateway], ServiceNames.Gateway, stickiness: null);
        DashboardTargets = TargetGroup("DashboardTargets", services[ServiceNames.Dashboard], ServiceNames.Dashboard,
            stickiness: Duration.Hours(settings.DashboardStickinessHours));

        HttpsListener.AddTargetGroups("Gateway", new AddApplicationTargetGroupsProps { TargetGroups = [GatewayTargets] });
        HttpsListener.AddTargetGroups("Dashboard", new AddApplicationTargetGroupsProps
        {
            Priority = 10,
            Conditions = [ListenerCondition.HostHeaders([settings.DashboardHostName])],
            TargetGroups = [DashboardTargets],
        });

        new CfnOutput(this, "DnsName", new CfnOutputProps
        {
            Value = LoadBalancer.LoadBalancerDnsName,
            Description = $"Point {settings.ApiHostName} and {settings.DashboardHostName} here (CNAME or alias)",
        });
    }

    public ApplicationLoadBalancer LoadBalancer { get; }

    public ApplicationListener HttpsListener { get; }

    public ApplicationTargetGroup GatewayTargets { get; }

    public ApplicationTargetGroup DashboardTargets { get; }

    private ApplicationTargetGroup TargetGroup(string id, FargateService service, string containerName, Duration? stickiness) =>
        new(this, id, new ApplicationTargetGroupProps
        {
            Vpc = LoadBalancer.Vpc,
            Port = Network.ServiceContainerPort,
            Protocol = ApplicationProtocol.HTTP,
            TargetType = TargetType.IP,
            Targets = [service.LoadBalancerTarget(new LoadBalancerTargetOptions { ContainerName = containerName, ContainerPort = Network.ServiceContainerPort })],
            // Liveness, not readiness: the gateway's /health fails while Redis or a service behind it
            // is away, and ECS replaces tasks the load balancer calls unhealthy; a live gateway
            // answers 503 by itself, which is the right answer then.
            HealthCheck = new ElbHealthCheck
            {
                Path = AppServices.LivenessPath,
                HealthyHttpCodes = "200",
                Interval = Duration.Seconds(15),
                Timeout = Duration.Seconds(5),
                HealthyThresholdCount = 2,
                UnhealthyThresholdCount = 3,
            },
            DeregistrationDelay = Duration.Seconds(30),
            StickinessCookieDuration = stickiness,
        });
}

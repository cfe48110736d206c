using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Constructs;

namespace FeedbackFix.Deploy.Constructs;

/// <summary>
/// The VPC (new, or an existing one given by ids), the ECS cluster with its Service Connect
/// namespace, and the security groups that say who may talk to whom.
/// </summary>
public sealed class Network : Construct
{
    /// <summary>The Service Connect namespace the services find each other in.</summary>
    public const string ServiceConnectNamespace = "feedbackfix.internal";

    public Network(Construct scope, string id, DeploySettings settings) : base(scope, id)
    {
        Vpc = settings.ExistingVpc is { } existing
            ? Amazon.CDK.AWS.EC2.Vpc.FromVpcAttributes(this, "Vpc", new VpcAttributes
            {
                VpcId = existing.VpcId,
                AvailabilityZones = [.. existing.AvailabilityZones],
                PrivateSubnetIds = [.. existing.PrivateSubnetIds],
                PublicSubnetIds = [.. existing.PublicSubnetIds],
            })
            : new Amazon.CDK.AWS.EC2.Vpc(this, "Vpc", new VpcProps
            {
                MaxAzs = settings.MaxAzs,
                NatGateways = settings.NatGateways,
                SubnetConfiguration =
                [
                    new SubnetConfiguration { Name = "public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
                    new SubnetConfiguration { Name = "private", SubnetType = SubnetType.PRIVATE_WITH_EGRESS, CidrMask = 20 },
                ],
            });

        Cluster = new Cluster(this, "Cluster", new ClusterProps
        {
            Vpc = Vpc,
            ContainerInsights = true,
            DefaultCloudMapNamespace = new CloudMapNamespaceOptions
            {
                Name = ServiceConnectNamespace,
                Type = Amazon.CDK.AWS.ServiceDiscovery.NamespaceType.HTTP,
                UseForServiceConnect = true,
            },
        });

        LoadBalancerSecurityGroup = new SecurityGroup(this, "LoadBalancerSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "The public load balancer: HTTPS (and HTTP, redirected) from anywhere",
            AllowAllOutbound = false,
        });
        LoadBalancerSecurityGroup.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(443), "HTTPS");
        LoadBalancerSecurityGroup.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(80), "HTTP, redirected to HTTPS");

        ServicesSecurityGroup = new SecurityGroup(this, "ServicesSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "The FeedbackFix services: each other over Service Connect, the load balancer, Redis",
            AllowAllOutbound = true,
        });
        ServicesSecurityGroup.AddIngressRule(ServicesSecurityGroup, Port.Tcp(ServiceContainerPort), "Service to service (Service Connect)");
        ServicesSecurityGroup.AddIngressRule(LoadBalancerSecurityGroup, Port.Tcp(ServiceContainerPort), "The load balancer to the gateway and the dashboard");
        LoadBalancerSecurityGroup.AddEgressRule(ServicesSecurityGroup, Port.Tcp(ServiceContainerPort), "To the gateway and the dashboard");

        AgentSecurityGroup = new SecurityGroup(this, "AgentSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "The coding agent's tasks: out to GitHub and the public API only; no Redis, no service",
            AllowAllOutbound = true,
        });

        // A second group on the dashboard's tasks, beside ServicesSecurityGroup: the one its key folder (EFS) admits.
        DashboardSecurityGroup = new SecurityGroup(this, "DashboardSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "The dashboard's tasks: the one group its shared key folder (EFS) takes NFS from",
            AllowAllOutbound = true,
        });

        RedisSecurityGroup = new SecurityGroup(this, "RedisSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "Redis: 6379 from the services only",
            AllowAllOutbound = false,
        });
        RedisSecurityGroup.AddIngressRule(ServicesSecurityGroup, Port.Tcp(RedisPort), "Redis from the services");
    }

    /// <summary>The port every service's container listens on (ASPNETCORE_HTTP_PORTS).</summary>
    public const int ServiceContainerPort = 8080;

    public const int RedisPort = 6379;

    public IVpc Vpc { get; }

    public Cluster Cluster { get; }

    public SecurityGroup LoadBalancerSecurityGroup { get; }

    public SecurityGroup ServicesSecurityGroup { get; }

    public SecurityGroup AgentSecurityGroup { get; }

    public SecurityGroup DashboardSecurityGroup { get; }

    public SecurityGroup RedisSecurityGroup { get; }

    public SubnetSelection PrivateSubnets { get; } = new() { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };

    public SubnetSelection PublicSubnets { get; } = new() { SubnetType = SubnetType.PUBLIC };
}

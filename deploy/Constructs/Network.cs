using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Constructs;

namespace FeedbackFix.Deploy.Constructs;

/// <summary>
/// The VPC (new, or an existing one given by ids), the ECS cluster with its Service Connect
/// namespace (<c>{prefix}.internal</c>), and the security groups that say who may talk to whom.
/// </summary>
public sealed class Network : Construct
{
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
                Name = settings.ServiceConnectNamespace,
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

        // Only the gateway and the dashboard carry this group, so only they take the load balancer's
        // connections (the load balancer's target groups also admit it to every other group they carry).
        LoadBalancerTargetsSecurityGroup = new SecurityGroup(this, "LoadBalancerTargetsSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "The load balancer's targets (gateway, dashboard): 8080 from the load balancer and from each other",
            AllowAllOutbound = true,
        });
        LoadBalancerTargetsSecurityGroup.AddIngressRule(LoadBalancerSecurityGroup, Port.Tcp(ServiceContainerPort), "The load balancer to the gateway and the dashboard");
        LoadBalancerTargetsSecurityGroup.AddIngressRule(LoadBalancerTargetsSecurityGroup, Port.Tcp(ServiceContainerPort), "The dashboard to the gateway (Service Connect)");
        LoadBalancerSecurityGroup.AddEgressRule(LoadBalancerTargetsSecurityGroup, Port.Tcp(ServiceContainerPort), "To the gateway and the dashboard");

        ServicesSecurityGroup = new SecurityGroup(this, "ServicesSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "The services the load balancer does not reach: 8080 from each other and from the gateway (Service Connect)",
            AllowAllOutbound = true,
        });
        ServicesSecurityGroup.AddIngressRule(ServicesSecurityGroup, Port.Tcp(ServiceContainerPort), "Service to service (Service Connect)");
        // The gateway alone carries this group: the dashboard, a load balancer target too, reaches the
        // services only through the gateway and its key checks.
        GatewaySecurityGroup = new SecurityGroup(this, "GatewaySecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "The gateway's tasks: the one load balancer target the other services take 8080 from",
            AllowAllOutbound = true,
        });
        ServicesSecurityGroup.AddIngressRule(GatewaySecurityGroup, Port.Tcp(ServiceContainerPort), "The gateway to the services (Service Connect)");

        AgentSecurityGroup = new SecurityGroup(this, "AgentSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "The coding agent's tasks: out to GitHub and the public API only; no Redis, no service",
            AllowAllOutbound = true,
        });

        // A second group on the dashboard's tasks: the one its key folder (EFS) admits.
        DashboardSecurityGroup = new SecurityGroup(this, "DashboardSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "The dashboard's tasks: the one group its shared key folder (EFS) takes NFS from",
            AllowAllOutbound = true,
        });

        // A group beside the others on the services that use Redis, and the one Redis admits.
        RedisClientsSecurityGroup = new SecurityGroup(this, "RedisClientsSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "The services that use Redis: the one group Redis takes connections from",
            AllowAllOutbound = true,
        });

        RedisSecurityGroup = new SecurityGroup(this, "RedisSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "Redis: 6379 from the services only",
            AllowAllOutbound = false,
        });
        RedisSecurityGroup.AddIngressRule(RedisClientsSecurityGroup, Port.Tcp(RedisPort), "Redis from the services that use it");
    }

    /// <summary>The port every service's container listens on (ASPNETCORE_HTTP_PORTS).</summary>
    public const int ServiceContainerPort = 8080;

    public const int RedisPort = 6379;

    public IVpc Vpc { get; }

    public Cluster Cluster { get; }

    public SecurityGroup LoadBalancerSecurityGroup { get; }

    /// <summary>The gateway and the dashboard: the only services the load balancer reaches.</summary>
    public SecurityGroup LoadBalancerTargetsSecurityGroup { get; }

    /// <summary>Every other service: reached by the services over Service Connect only.</summary>
    public SecurityGroup ServicesSecurityGroup { get; }

    /// <summary>On the gateway's tasks only, beside the load balancer targets' group: what the other services admit.</summary>
    public SecurityGroup GatewaySecurityGroup { get; }

    public SecurityGroup AgentSecurityGroup { get; }

    public SecurityGroup DashboardSecurityGroup { get; }

    public SecurityGroup RedisClientsSecurityGroup { get; }

    public SecurityGroup RedisSecurityGroup { get; }

    public SubnetSelection PrivateSubnets { get; } = new() { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };

    public SubnetSelection PublicSubnets { get; } = new() { SubnetType = SubnetType.PUBLIC };
}

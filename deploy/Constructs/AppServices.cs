using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Constructs;
using EcsHealthCheck = Amazon.CDK.AWS.ECS.HealthCheck;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace FeedbackFix.Deploy.Constructs;

/// <summary>
/// The seven services, one Fargate service each, with the settings the AppHost would give them:
/// plain values as environment variables, every secret as an ECS secret from Secrets Manager, and
/// each other's addresses as Aspire service-discovery variables resolved by ECS Service Connect.
/// A service publishes its name in Service Connect only if another service calls it; the others
/// (poller, agent-orchestrator, dashboard) are Service Connect clients only, so nothing sits in
/// front of them and the dashboard's circuits reach it from the load balancer directly.
/// </summary>
public sealed class AppServices : Construct
{
    private readonly DeploySettings settings;
    private readonly Network network;
    private readonly Dictionary<string, FargateService> services = [];
    private readonly List<(string Name, FargateTaskDefinition TaskDefinition, ServiceSettings Service)> declared = [];

    public AppServices(Construct scope, string id, DeploySettings settings, Network network, Redis redis, AppSecrets secrets, CodingAgent agent)
        : base(scope, id)
    {
        this.settings = settings;
        this.network = network;
        var publicApiUrl = $"https://{settings.ApiHostName}";

        Add(ServiceNames.Gateway, new ServiceSettings
        {
            LoadBalancerTarget = true,
            SecurityGroups = [network.GatewaySecurityGroup],
            Discovers = [ServiceNames.Ingestion, ServiceNames.Clusters, ServiceNames.Clustering],
            Environment =
            {
                ["Gateway__ApiKeys__default__Scope"] = "ReadWrite",
                ["Gateway__ApiKeys__dashboard__Scope"] = "ReadWrite",
                ["Gateway__OpenApi__PublicUrl"] = publicApiUrl,
            },
            Secrets =
            {
                ["Gateway__ApiKeys__default__Key"] = EcsSecret.FromSecretsManager(secrets.ApiKey),
                ["Gateway__ApiKeys__dashboard__Key"] = EcsSecret.FromSecretsManager(secrets.DashboardApiKey),
                ["Gateway__AdminKey"] = EcsSecret.FromSecretsManager(secrets.AdminKey),
            },
        });

        Add(ServiceNames.Ingestion, new ServiceSettings
        {
            Redis = redis,
            Environment =
            {
                ["Webhooks__PublicBaseUrl"] = publicApiUrl,
                ["Retention__FeedbackMaxAgeDays"] = settings.FeedbackRetentionDays.ToString(CultureInfo.InvariantCulture),
            },
            Secrets =
            {
                ["Webhooks__Sentry__ClientSecret"] = EcsSecret.FromSecretsManager(secrets.SentryClientSecret),
                ["Webhooks__GitHub__Secret"] = EcsSecret.FromSecretsManager(secrets.GitHubWebhookSecret),
            },
        });

        var clusters = new ServiceSettings { Redis = redis, Environment = { ["Fixes__Launcher"] = "ecs" } };
        if (settings.DefaultRepositoryUrl is { } repository)
        {
            clusters.Environment["Fixes__DefaultRepositoryUrl"] = repository;
        }
        Add(ServiceNames.Clusters, clusters);

        Add(ServiceNames.Clustering, new ServiceSettings
        {
            Redis = redis,
            Secrets = { ["Clustering__AdminKey"] = EcsSecret.FromSecretsManager(secrets.AdminKey) },
        });

        Add(ServiceNames.Poller, new ServiceSettings
        {
            Redis = redis,
            Discovers = [ServiceNames.Ingestion],
            Environment = { ["Reddit__UserAgent"] = settings.RedditUserAgent },
            Secrets =
            {
                ["Reddit__ClientId"] = EcsSecret.FromSecretsManager(secrets.Reddit, AppSecrets.RedditClientIdField),
                ["Reddit__ClientSecret"] = EcsSecret.FromSecretsManager(secrets.Reddit, AppSecrets.RedditClientSecretField),
            },
        });

        Add(ServiceNames.AgentOrchestrator, new ServiceSettings
        {
            Redis = redis,
            TaskRole = agent.OrchestratorTaskRole,
            Environment = OrchestratorEnvironment(settings, network, agent, publicApiUrl),
            Secrets = { ["GitHub__Token"] = EcsSecret.FromSecretsManager(secrets.GitHubToken) },
        });

        DataProtectionKeys = new DashboardKeys(this, "DashboardKeys", network);
        var dashboardTask = Add(ServiceNames.Dashboard, new ServiceSettings
        {
            LoadBalancerTarget = true,
            Discovers = [ServiceNames.Gateway],
            SecurityGroups = [network.DashboardSecurityGroup],
            Environment = DashboardEnvironment(settings),
            Secrets =
            {
                ["Dashboard__ApiKey"] = EcsSecret.FromSecretsManager(secrets.DashboardApiKey),
                ["Dashboard__SignIn__ClientSecret"] = EcsSecret.FromSecretsManager(secrets.DashboardOidcClientSecret),
            },
        });
        DataProtectionKeys.MountInto(dashboardTask, dashboardTask.FindContainer(ServiceNames.Dashboard)!);

        var called = declared.SelectMany(service => service.Service.Discovers).ToHashSet();
        foreach (var (name, taskDefinition, service) in declared)
        {
            services[name] = CreateService(name, taskDefinition, service, publishedInServiceConnect: called.Contains(name));
        }

        // A task resolves only the Service Connect names that existed when it started: a caller created
        // before a service it calls would never reach it (and stays healthy, so ECS never replaces it).
        foreach (var (name, _, service) in declared)
        {
            foreach (var callee in service.Discovers)
            {
                services[name].Node.AddDependency(services[callee]);
            }
        }
    }

    public FargateService this[string name] => services[name];

    public IReadOnlyDictionary<string, FargateService> All => services;

    /// <summary>The folder the dashboard's replicas share their Data Protection key ring in (see docs/deploy.md).</summary>
    public DashboardKeys DataProtectionKeys { get; }

    /// <summary>
    /// Liveness (the process answers), what the container and load-balancer health checks ask: ECS
    /// replaces a task that fails either. Readiness, <c>/health</c>, also fails while Redis or a
    /// service behind the gateway is away, which a new task would not cure; it is for monitoring.
    /// </summary>
    public const string LivenessPath = "/alive";

    /// <summary>The container health check: GET <see cref="LivenessPath"/> on the container's own port, with bash alone (the images carry no curl).</summary>
    public static string[] HealthCheckCommand { get; } =
    [
        "CMD", "bash", "-c",
        $"exec 3<>/dev/tcp/127.0.0.1/{Network.ServiceContainerPort} && printf 'GET {LivenessPath} HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '",
    ];

    internal static RetentionDays Retention(int days) => days switch
    {
        <= 1 => RetentionDays.ONE_DAY,
        <= 3 => RetentionDays.THREE_DAYS,
        <= 7 => RetentionDays.ONE_WEEK,
        <= 14 => RetentionDays.TWO_WEEKS,
        <= 30 => RetentionDays.ONE_MONTH,
        <= 90 => RetentionDays.THREE_MONTHS,
        <= 180 => RetentionDays.SIX_MONTHS,
        <= 365 => RetentionDays.ONE_YEAR,
        _ => RetentionDays.TWO_YEARS,
    };

    private static Dictionary<string, string> DashboardEnvironment(DeploySettings settings)
    {
        var environment = new Dictionary<string, string>
        {
            // Every replica reads and writes the one key ring there, so they accept each other's cookies.
            ["Dashboard__DataProtectionKeysPath"] = DashboardKeys.MountPath,
            ["Dashboard__SignIn__Authority"] = settings.DashboardOidcAuthority,
            ["Dashboard__SignIn__ClientId"] = settings.DashboardOidcClientId,
        };
        // Who may use the dashboard once signed in; it refuses to start without a rule or AllowAnyone.
        foreach (var (i, domain) in settings.DashboardAllowedEmailDomains.Index())
        {
            environment[$"Dashboard__SignIn__AllowedEmailDomains__{i}"] = domain;
        }
        foreach (var (i, email) in settings.DashboardAllowedEmails.Index())
        {
            environment[$"Dashboard__SignIn__AllowedEmails__{i}"] = email;
        }
        if (settings.DashboardRequiredRole is { } role)
        {
            environment["Dashboard__SignIn__RequiredRole"] = role;
        }
        if (settings.DashboardRoleClaim is { } claim)
        {
            environment["Dashboard__SignIn__RoleClaim"] = claim;
        }
        if (settings.DashboardAllowAnyone)
        {
            environment["Dashboard__SignIn__AllowAnyone"] = "true";
        }
        return environment;
    }

    private static Dictionary<string, string> OrchestratorEnvironment(DeploySettings settings, Network network, CodingAgent agent, string publicApiUrl)
    {
        var environment = new Dictionary<string, string>
        {
            // Agents run outside Service Connect and report through the public API.
            ["Orchestrator__BackendUrl"] = publicApiUrl,
            ["Launchers__Ecs__Region"] = Aws.REGION,
            ["Launchers__Ecs__Cluster"] = agent.Cluster.ClusterArn,
            ["Launchers__Ecs__TaskDefinition"] = agent.Family,
            ["Launchers__Ecs__ContainerName"] = CodingAgent.ContainerName,
            ["Launchers__Ecs__AssignPublicIp"] = "false",
            ["Launchers__Ecs__SecurityGroups__0"] = network.AgentSecurityGroup.SecurityGroupId,
        };
        var subnets = network.Vpc.SelectSubnets(network.PrivateSubnets).SubnetIds;
        for (var i = 0; i < subnets.Length; i++)
        {
            environment[$"Launchers__Ecs__Subnets__{i}"] = subnets[i];
        }
        if (settings.AgentCommand is { } command)
        {
            environment["Orchestrator__AgentCommand"] = command;
        }
        return environment;
    }

    /// <summary>The service's task definition; its Fargate service is created once every service is declared, so it knows whether anyone calls it.</summary>
    private FargateTaskDefinition Add(string name, ServiceSettings service)
    {
        var size = settings.SizeOf(name);
        var taskDefinition = new FargateTaskDefinition(this, $"{name}-task", new FargateTaskDefinitionProps
        {
            Family = $"{settings.Prefix}-{name}",
            Cpu = size.Cpu,
            MemoryLimitMiB = size.MemoryMiB,
            TaskRole = service.TaskRole,
        });

        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_HTTP_PORTS"] = Network.ServiceContainerPort.ToString(CultureInfo.InvariantCulture),
            ["OTEL_SERVICE_NAME"] = name,
        };
        if (settings.OtlpEndpoint is { } otlp)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        }
        foreach (var other in service.Discovers)
        {
            // Aspire's service discovery reads services__{name}__http__0; Service Connect answers the name.
            environment[$"services__{other}__http__0"] = $"http://{other}:{Network.ServiceContainerPort}";
        }
        var secrets = new Dictionary<string, EcsSecret>(service.Secrets);
        if (service.Redis is { } redis)
        {
            environment["ConnectionStrings__redis"] = redis.ConnectionString;
            // Aspire's Redis client binds this over what the connection string says.
            secrets["Aspire__StackExchange__Redis__ConfigurationOptions__Password"] = EcsSecret.FromSecretsManager(redis.AuthToken);
        }
        if (service.LoadBalancerTarget)
        {
            // It sees https and the client's address behind the load balancer (the OpenID Connect redirect needs the scheme).
            environment["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
            // Kestrel's default (130 s) would close idle connections the load balancer still means to reuse.
            environment["Kestrel__Limits__KeepAliveTimeout"] = settings.IdleTimeoutBehindLoadBalancer.ToString("c", CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in service.Environment)
        {
            environment[key] = value;
        }

        taskDefinition.AddContainer(name, new ContainerDefinitionOptions
        {
            ContainerName = name,
            Image = ContainerImage.FromEcrRepository(
                Repository.FromRepositoryName(this, $"{name}-repository", ContainerRepositories.NameOf(settings, name)),
                settings.PulledImageTag()),
            Environment = environment,
            Secrets = secrets,
            PortMappings =
            [
                new PortMapping { Name = "http", ContainerPort = Network.ServiceContainerPort, AppProtocol = AppProtocol.Http },
            ],
            HealthCheck = new EcsHealthCheck
            {
                Command = HealthCheckCommand,
                Interval = Duration.Seconds(15),
                Timeout = Duration.Seconds(5),
                // A task at full CPU (an embedder) may answer late: ECS replaces it only after two minutes without an answer.
                Retries = 8,
                StartPeriod = Duration.Seconds(60),
            },
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps
            {
                StreamPrefix = name,
                LogGroup = new LogGroup(this, $"{name}-logs", new LogGroupProps
                {
                    LogGroupName = $"/{settings.Prefix}/{name}",
                    Retention = Retention(settings.LogRetentionDays),
                    RemovalPolicy = RemovalPolicy.DESTROY,
                }),
            }),
        });

        declared.Add((name, taskDefinition, service));
        return taskDefinition;
    }

    private FargateService CreateService(string name, FargateTaskDefinition taskDefinition, ServiceSettings service, bool publishedInServiceConnect) =>
        new(this, name, new FargateServiceProps
        {
            ServiceName = name,
            Cluster = network.Cluster,
            TaskDefinition = taskDefinition,
            // The count a new service starts with; Autoscaling leaves it out for the services it scales.
            DesiredCount = settings.SizeOf(name).MinCount,
            SecurityGroups = SecurityGroupsOf(service),
            VpcSubnets = network.PrivateSubnets,
            AssignPublicIp = false,
            CircuitBreaker = new DeploymentCircuitBreaker { Rollback = true },
            MinHealthyPercent = 100,
            MaxHealthyPercent = 200,
            // Without services of its own, a service is a client only: it finds the others in the namespace.
            ServiceConnectConfiguration = new ServiceConnectProps
            {
                Services = publishedInServiceConnect ? [PublishedName(name)] : null,
            },
        });

    private ServiceConnectService PublishedName(string name) => new()
    {
        PortMappingName = "http",
        DnsName = name,
        DiscoveryName = name,
        Port = Network.ServiceContainerPort,
        // The proxy's defaults (15 s per request, 5 minutes idle) would cut a followed job log, which
        // streams through the gateway for up to 30 minutes: the services' own timeouts decide (YARP's
        // per route, the resilience handler's per HttpClient), and an idle connection outlives the
        // load balancer's, whose requests pass the gateway's proxy too.
        PerRequestTimeout = Duration.Seconds(0),
        IdleTimeout = Duration.Seconds(settings.IdleTimeoutBehindLoadBalancer.TotalSeconds),
    };

    private ISecurityGroup[] SecurityGroupsOf(ServiceSettings service)
    {
        var groups = new List<ISecurityGroup>
        {
            service.LoadBalancerTarget ? network.LoadBalancerTargetsSecurityGroup : network.ServicesSecurityGroup,
        };
        if (service.Redis is not null)
        {
            groups.Add(network.RedisClientsSecurityGroup);
        }
        groups.AddRange(service.SecurityGroups);
        return [.. groups];
    }

    private sealed class ServiceSettings
    {
        /// <summary>The load balancer sends requests to it (gateway, dashboard): its security group, forwarded headers and keep-alive follow.</summary>
        public bool LoadBalancerTarget { get; init; }

        public Redis? Redis { get; init; }

        public IRole? TaskRole { get; init; }

        public IReadOnlyList<string> Discovers { get; init; } = [];

        /// <summary>Groups beside the ones every service of its kind carries, for what only this service may reach.</summary>
        public IReadOnlyList<ISecurityGroup> SecurityGroups { get; init; } = [];

        public Dictionary<string, string> Environment { get; init; } = [];

        public Dictionary<string, EcsSecret> Secrets { get; init; } = [];
    }
}

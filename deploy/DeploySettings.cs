using System.Globalization;
using Amazon.CDK;
using Constructs;

namespace FeedbackFix.Deploy;

/// <summary>
/// Every knob of the deployment, read once from CDK context (<c>cdk deploy -c key=value</c>, or the
/// <c>context</c> of <c>cdk.json</c>), each with a default that synthesises without AWS credentials.
/// </summary>
public sealed record DeploySettings
{
    /// <summary>The prefix of a deployment made with no <c>prefix</c>: its names are the ones every existing deployment has.</summary>
    public const string DefaultPrefix = "feedbackfix";

    /// <summary>
    /// Prefix of every name a person types: secrets, repositories, task families, log groups, the
    /// Service Connect namespace and (unless it is <see cref="DefaultPrefix"/>) the stacks' names.
    /// </summary>
    public string Prefix { get; init; } = DefaultPrefix;

    /// <summary>
    /// The tag of every service image in its ECR repository. No default: tags are immutable and name a
    /// release, so without the context value the stack asks for it as the CloudFormation parameter
    /// <c>ImageTag</c> (docs/deploy.md, "Container images", says what an update without it does).
    /// </summary>
    public string? ImageTag { get; init; }

    /// <summary>The tag images are pulled by, once the stack has set <see cref="ImageTag"/> (the context value or its parameter).</summary>
    public string PulledImageTag() => ImageTag ?? throw new InvalidOperationException(
        "No image tag: the stack sets ImageTag, from the context value or its CloudFormation parameter, before any image is named.");

    /// <summary>What ECR takes as a tag: letters, digits, '_', '.' and '-', up to 128, not starting with '.' or '-'.</summary>
    public const string ImageTagPattern = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$";

    /// <summary>The ACM certificate of the HTTPS listener; when absent the stack asks for it as the CloudFormation parameter <c>CertificateArn</c>.</summary>
    public string? CertificateArn { get; init; }

    /// <summary>The public host name of the API (the gateway); the certificate must cover it.</summary>
    public string ApiHostName { get; init; } = "api.feedbackfix.example.com";

    /// <summary>The public host name of the dashboard; the certificate must cover it.</summary>
    public string DashboardHostName { get; init; } = "feedbackfix.example.com";

    /// <summary>Where every service sends traces, metrics and logs (OTLP); unset, none is exported.</summary>
    public string? OtlpEndpoint { get; init; }

    public ExistingVpc? ExistingVpc { get; init; }

    /// <summary>Availability zones of a new VPC (and so of Redis's primary and replicas).</summary>
    public int MaxAzs { get; init; } = 2;

    public int NatGateways { get; init; } = 2;

    public string RedisEngine { get; init; } = "redis";

    public string RedisEngineVersion { get; init; } = "7.1";

    public string RedisNodeType { get; init; } = "cache.t4g.small";

    /// <summary>Read replicas beside the primary; at least one, so Multi-AZ failover has somewhere to go.</summary>
    public int RedisReplicas { get; init; } = 1;

    public int RedisSnapshotRetentionDays { get; init; } = 7;

    /// <summary>UTC window of the daily snapshot.</summary>
    public string RedisSnapshotWindow { get; init; } = "03:00-04:00";

    /// <summary>A snapshot to build Redis from; changing it replaces the replication group (docs/deploy.md, "Restoring Redis").</summary>
    public string? RedisRestoreSnapshot { get; init; }

    public int LogRetentionDays { get; init; } = 30;

    /// <summary>
    /// Days a report is kept after its <c>created_at</c> before Ingestion deletes it
    /// (<c>Retention__FeedbackMaxAgeDays</c>); 0 keeps reports until someone deletes them (docs/deploy.md, "Retention").
    /// </summary>
    public int FeedbackRetentionDays { get; init; }

    /// <summary>Seconds an idle connection through the load balancer stays open: Blazor Server circuits and followed job logs.</summary>
    public int LoadBalancerIdleTimeoutSeconds { get; init; } = 1800;

    /// <summary>How long the dashboard's sticky-session cookie binds a browser to one replica.</summary>
    public int DashboardStickinessHours { get; init; } = 8;

    /// <summary>Gateway: requests per minute per task that autoscaling aims at.</summary>
    public int GatewayRequestsPerTarget { get; init; } = 3000;

    /// <summary>Ingestion: requests per minute through the load balancer per ingestion task.</summary>
    public int IngestionRequestsPerTarget { get; init; } = 3000;

    /// <summary>Clustering (the embedders): the CPU autoscaling aims at, in percent.</summary>
    public int ClusteringCpuTargetPercent { get; init; } = 60;

    public IReadOnlyDictionary<string, ServiceSize> Sizes { get; init; } = ServiceSize.Defaults;

    public int AgentCpu { get; init; } = 2048;

    public int AgentMemoryMiB { get; init; } = 4096;

    /// <summary>The agent's task storage (Fargate ephemeral storage): the clone, its build output and the agent's caches.</summary>
    public int AgentEphemeralStorageGiB { get; init; } = 40;

    /// <summary>What the coding agent runs in the clone (<c>AGENT_COMMAND</c>); empty leaves it to <c>Orchestrator:AgentCommand</c>.</summary>
    public string? AgentCommand { get; init; }

    /// <summary>
    /// Environment variables of the coding agent taken from the fields of the secret <c>{prefix}/agent-credentials</c>
    /// (a JSON object), such as <c>ANTHROPIC_API_KEY</c>: the model credentials <see cref="AgentCommand"/> needs.
    /// Empty: no such secret, and the agent gets only its GitHub token.
    /// </summary>
    public IReadOnlyList<string> AgentCredentialVariables { get; init; } = [];

    public string RedditUserAgent { get; init; } = "web:feedbackfix:0.1 (by /u/feedbackfix)";

    public string? DefaultRepositoryUrl { get; init; }

    /// <summary>The dashboard's OpenID Connect provider (an https URL); required, since the dashboard refuses to start outside Development without it.</summary>
    public string DashboardOidcAuthority { get; init; } = "";

    /// <summary>The dashboard's OpenID Connect client id; required like <see cref="DashboardOidcAuthority"/>.</summary>
    public string DashboardOidcClientId { get; init; } = "";

    /// <summary>
    /// Domains whose verified addresses may use the dashboard once signed in (<c>Dashboard:SignIn:AllowedEmailDomains</c>).
    /// Every signed-in person acts with the dashboard's ReadWrite key, so one of these rules, or
    /// <see cref="DashboardAllowAnyone"/>, is required: the dashboard refuses to start without.
    /// </summary>
    public IReadOnlyList<string> DashboardAllowedEmailDomains { get; init; } = [];

    /// <summary>Single addresses that may use the dashboard (<c>Dashboard:SignIn:AllowedEmails</c>).</summary>
    public IReadOnlyList<string> DashboardAllowedEmails { get; init; } = [];

    /// <summary>A role (or group id) the signed-in person must carry (<c>Dashboard:SignIn:RequiredRole</c>).</summary>
    public string? DashboardRequiredRole { get; init; }

    /// <summary>The claim <see cref="DashboardRequiredRole"/> is looked for in (<c>Dashboard:SignIn:RoleClaim</c>); unset, the dashboard's <c>roles</c>.</summary>
    public string? DashboardRoleClaim { get; init; }

    /// <summary>Anyone the provider signs in may use the dashboard (<c>Dashboard:SignIn:AllowAnyone</c>): only for a provider that signs in nobody else.</summary>
    public bool DashboardAllowAnyone { get; init; }

    /// <summary>The stack of the ECR repositories: <c>FeedbackFixImages</c>, or <c>FeedbackFixImages-{prefix}</c> for another prefix.</summary>
    public string ImagesStackName => NameForPrefix("FeedbackFixImages");

    /// <summary>The stack of the running system: <c>FeedbackFix</c>, or <c>FeedbackFix-{prefix}</c> for another prefix.</summary>
    public string StackName => NameForPrefix("FeedbackFix");

    /// <summary>The Cloud Map namespace the services find each other in through Service Connect.</summary>
    public string ServiceConnectNamespace => $"{Prefix}.internal";

    /// <summary>The ElastiCache parameter group family of <see cref="RedisEngine"/> at <see cref="RedisEngineVersion"/>: <c>redis7</c>, <c>valkey7</c>, <c>valkey8</c>.</summary>
    public string RedisParameterGroupFamily => $"{RedisEngine}{RedisMajorVersion}";

    /// <summary>
    /// How long what sits behind the load balancer (Kestrel on its targets, the Service Connect
    /// proxies) keeps an idle connection open: a minute longer than the load balancer, so the load
    /// balancer is always the side that closes an idle connection and never sends a request on one
    /// its target has just closed (an HTTP 502).
    /// </summary>
    public TimeSpan IdleTimeoutBehindLoadBalancer => TimeSpan.FromSeconds(LoadBalancerIdleTimeoutSeconds) + TimeSpan.FromMinutes(1);

    /// <summary>Reads the settings from a construct's context (the app's), falling back to the defaults.</summary>
    public static DeploySettings FromContext(Node node)
    {
        var defaults = new DeploySettings();
        string? Text(string key) => node.TryGetContext(key)?.ToString() is { Length: > 0 } value ? value : null;
        int Number(string key, int fallback) => Text(key) is { } value
            ? int.TryParse(value, out var parsed) ? parsed : throw new ArgumentException($"Context '{key}' must be a whole number, not '{value}'.")
            : fallback;

        var sizes = ServiceSize.Defaults.ToDictionary(
            pair => pair.Key,
            pair => new ServiceSize(
                Number($"{pair.Key}:cpu", pair.Value.Cpu),
                Number($"{pair.Key}:memoryMiB", pair.Value.MemoryMiB),
                Number($"{pair.Key}:minCount", pair.Value.MinCount),
                Number($"{pair.Key}:maxCount", pair.Value.MaxCount)));

        var settings = new DeploySettings
        {
            Prefix = Text("prefix") ?? defaults.Prefix,
            ImageTag = node.TryGetContext("imageTag")?.ToString() is { } givenTag ? givenTag : null,
            CertificateArn = Text("certificateArn"),
            ApiHostName = Text("apiHostName") ?? defaults.ApiHostName,
            DashboardHostName = Text("dashboardHostName") ?? defaults.DashboardHostName,
            OtlpEndpoint = Text("otlpEndpoint"),
            ExistingVpc = Text("vpcId") is { } vpcId
                ? new ExistingVpc(vpcId, List(Text("availabilityZones")), List(Text("privateSubnetIds")), List(Text("publicSubnetIds")))
                : null,
            MaxAzs = Number("maxAzs", defaults.MaxAzs),
            NatGateways = Number("natGateways", defaults.NatGateways),
            RedisEngine = Text("redisEngine") ?? defaults.RedisEngine,
            RedisEngineVersion = Text("redisEngineVersion") ?? defaults.RedisEngineVersion,
            RedisNodeType = Text("redisNodeType") ?? defaults.RedisNodeType,
            RedisReplicas = Number("redisReplicas", defaults.RedisReplicas),
            RedisSnapshotRetentionDays = Number("redisSnapshotRetentionDays", defaults.RedisSnapshotRetentionDays),
            RedisSnapshotWindow = Text("redisSnapshotWindow") ?? defaults.RedisSnapshotWindow,
            RedisRestoreSnapshot = Text("redisRestoreSnapshot"),
            LogRetentionDays = Number("logRetentionDays", defaults.LogRetentionDays),
            FeedbackRetentionDays = Number("feedbackRetentionDays", defaults.FeedbackRetentionDays),
            LoadBalancerIdleTimeoutSeconds = Number("loadBalancerIdleTimeoutSeconds", defaults.LoadBalancerIdleTimeoutSeconds),
            DashboardStickinessHours = Number("dashboardStickinessHours", defaults.DashboardStickinessHours),
            GatewayRequestsPerTarget = Number("gatewayRequestsPerTarget", defaults.GatewayRequestsPerTarget),
            IngestionRequestsPerTarget = Number("ingestionRequestsPerTarget", defaults.IngestionRequestsPerTarget),
            ClusteringCpuTargetPercent = Number("clusteringCpuTargetPercent", defaults.ClusteringCpuTargetPercent),
            Sizes = sizes,
            AgentCpu = Number("agentCpu", defaults.AgentCpu),
            AgentMemoryMiB = Number("agentMemoryMiB", defaults.AgentMemoryMiB),
            AgentEphemeralStorageGiB = Number("agentEphemeralStorageGiB", defaults.AgentEphemeralStorageGiB),
            AgentCommand = Text("agentCommand"),
            AgentCredentialVariables = List(Text("agentCredentialVariables")),
            RedditUserAgent = Text("redditUserAgent") ?? defaults.RedditUserAgent,
            DefaultRepositoryUrl = Text("defaultRepositoryUrl"),
            DashboardOidcAuthority = Text("dashboardOidcAuthority") ?? defaults.DashboardOidcAuthority,
            DashboardOidcClientId = Text("dashboardOidcClientId") ?? defaults.DashboardOidcClientId,
            DashboardAllowedEmailDomains = List(Text("dashboardAllowedEmailDomains")),
            DashboardAllowedEmails = List(Text("dashboardAllowedEmails")),
            DashboardRequiredRole = Text("dashboardRequiredRole"),
            DashboardRoleClaim = Text("dashboardRoleClaim"),
            DashboardAllowAnyone = Text("dashboardAllowAnyone") is { } anyone
                ? bool.TryParse(anyone, out var parsed) ? parsed : throw new ArgumentException($"Context 'dashboardAllowAnyone' must be true or false, not '{anyone}'.")
                : defaults.DashboardAllowAnyone,
        };
        settings.Validate();
        return settings;
    }

    public ServiceSize SizeOf(string service) => Sizes[service];

    private void Validate()
    {
        if (!IsPrefix(Prefix))
        {
            throw new ArgumentException(
                $"Context 'prefix' is '{Prefix}': it must be 1 to 32 lower-case letters, digits and '-', starting with a letter " +
                "(it names ECR repositories, secrets, log groups and the Service Connect namespace).");
        }
        // Given but empty (an unset shell variable, "-c imageTag=$TAG") is refused, not taken as absent: the
        // parameter would then keep the tag of the deploy before, and the release would silently not roll out.
        if (ImageTag is { } tag && (!System.Text.RegularExpressions.Regex.IsMatch(tag, ImageTagPattern) || tag.EndsWith('\n')))
        {
            throw new ArgumentException(
                $"Context 'imageTag' is '{tag}': an ECR tag is 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'. " +
                "Leave it out to be asked for the ImageTag parameter instead.");
        }
        if (!Uri.TryCreate(DashboardOidcAuthority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException(
                "Context 'dashboardOidcAuthority' must be the https URL of the dashboard's OpenID Connect provider " +
                "(e.g. https://login.example.com): the dashboard refuses to start outside Development without sign-in.");
        }
        if (string.IsNullOrWhiteSpace(DashboardOidcClientId))
        {
            throw new ArgumentException(
                "Context 'dashboardOidcClientId' must name the dashboard's OpenID Connect client: the dashboard refuses to start outside Development without sign-in.");
        }
        ValidateDashboardAccess();
        if (RedisEngine is not ("redis" or "valkey") || RedisMajorVersion < 7)
        {
            throw new ArgumentException(
                $"Contexts 'redisEngine' and 'redisEngineVersion' are '{RedisEngine}' and '{RedisEngineVersion}': the engine must be 'redis' (7.0 or 7.1) " +
                "or 'valkey' (7.2 or later), since the stack requires TLS and sets a parameter group of that engine's family.");
        }
        if (AgentEphemeralStorageGiB is < 21 or > 200)
        {
            throw new ArgumentException("Context 'agentEphemeralStorageGiB' must be 21 to 200 (Fargate's range; 20 GiB is what a task has without it).");
        }
        if (RedisReplicas < 1)
        {
            throw new ArgumentException("Context 'redisReplicas' must be at least 1: Multi-AZ automatic failover needs a replica to promote.");
        }
        if (RedisSnapshotRetentionDays is < 1 or > 35)
        {
            throw new ArgumentException("Context 'redisSnapshotRetentionDays' must be 1 to 35 (ElastiCache's limit; 0 would turn snapshots off).");
        }
        if (FeedbackRetentionDays is < 0 or > 36_500)
        {
            throw new ArgumentException("Context 'feedbackRetentionDays' must be 0 (keep reports until deleted) to 36500 days.");
        }
        if (ExistingVpc is { } vpc && (vpc.AvailabilityZones.Count < 2 || vpc.PrivateSubnetIds.Count != vpc.AvailabilityZones.Count || vpc.PublicSubnetIds.Count != vpc.AvailabilityZones.Count))
        {
            throw new ArgumentException("An existing VPC needs 'availabilityZones' (at least two), 'privateSubnetIds' and 'publicSubnetIds', comma-separated, one subnet of each kind per zone in the same order.");
        }
        foreach (var name in AgentCredentialVariables)
        {
            if (!IsAgentCredentialVariable(name))
            {
                throw new ArgumentException(
                    $"Context 'agentCredentialVariables' names '{name}': each must be an environment variable name (letters, digits, '_', not starting " +
                    "with a digit) that the agent and the orchestrator do not set themselves (GITHUB_TOKEN, JOB_*, AGENT_*, FEEDBACKFIX_*, GIT_*, ...).");
            }
        }
        if (AgentCredentialVariables.Distinct(StringComparer.Ordinal).Count() != AgentCredentialVariables.Count)
        {
            throw new ArgumentException("Context 'agentCredentialVariables' names a variable twice.");
        }
        foreach (var (service, size) in Sizes)
        {
            if (size.MinCount < 1 || size.MaxCount < size.MinCount)
            {
                throw new ArgumentException($"Context '{service}:minCount' must be at least 1 and '{service}:maxCount' at least that.");
            }
        }
    }

    // The dashboard's own start checks (SignInOptionsValidator), made at synthesis so a deployment never
    // has a dashboard that restarts forever.
    private void ValidateDashboardAccess()
    {
        var hasRule = DashboardAllowedEmailDomains.Count > 0 || DashboardAllowedEmails.Count > 0 || DashboardRequiredRole is not null;
        if (!hasRule && !DashboardAllowAnyone)
        {
            throw new ArgumentException(
                "Say who may use the dashboard: every signed-in person acts with its ReadWrite API key. Set context " +
                "'dashboardAllowedEmailDomains' (comma-separated, e.g. example.com), 'dashboardAllowedEmails' or " +
                "'dashboardRequiredRole' (with 'dashboardRoleClaim', 'roles' unless set); or 'dashboardAllowAnyone' to true " +
                "when the provider signs in only people who may use it (a tenant that requires app assignment).");
        }
        if (hasRule && DashboardAllowAnyone)
        {
            throw new ArgumentException(
                "Context 'dashboardAllowAnyone' is true while 'dashboardAllowedEmailDomains', 'dashboardAllowedEmails' or " +
                "'dashboardRequiredRole' is set: say one or the other.");
        }
        foreach (var domain in DashboardAllowedEmailDomains)
        {
            if (domain.Contains('@', StringComparison.Ordinal) || Uri.CheckHostName(domain) != UriHostNameType.Dns)
            {
                throw new ArgumentException($"Context 'dashboardAllowedEmailDomains' has '{domain}': give domains alone, such as example.com.");
            }
        }
        foreach (var email in DashboardAllowedEmails)
        {
            var at = email.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || at != email.LastIndexOf('@') || Uri.CheckHostName(email[(at + 1)..]) != UriHostNameType.Dns || email.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"Context 'dashboardAllowedEmails' has '{email}': give e-mail addresses, such as ada@example.com.");
            }
        }
    }

    private string NameForPrefix(string name) => Prefix == DefaultPrefix ? name : $"{name}-{Prefix}";

    private int RedisMajorVersion =>
        int.TryParse(RedisEngineVersion.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0;

    private static bool IsPrefix(string prefix) =>
        prefix.Length is >= 1 and <= 32 && char.IsAsciiLetterLower(prefix[0]) &&
        prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    // The variables the agent's task definition or the orchestrator's RunTask overrides set: a credential
    // of the same name would clash with them (ECS refuses a name in both environment and secrets).
    private static readonly string[] AgentOwnVariables =
        ["GITHUB_TOKEN", "JOB_ID", "JOB_TOKEN", "BACKEND_URL", "ISSUE_URL", "ISSUE_NUMBER", "ISSUE_TITLE", "REPO_URL", "CLUSTER_ID"];

    private static readonly string[] AgentOwnPrefixes = ["AGENT_", "FEEDBACKFIX_", "GIT_", "GITHUB_"];

    private static bool IsAgentCredentialVariable(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') &&
        !AgentOwnVariables.Contains(name, StringComparer.OrdinalIgnoreCase) &&
        !AgentOwnPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static IReadOnlyList<string> List(string? value) =>
        value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}

/// <summary>An existing VPC, given without a lookup so synthesis stays offline.</summary>
public sealed record ExistingVpc(string VpcId, IReadOnlyList<string> AvailabilityZones, IReadOnlyList<string> PrivateSubnetIds, IReadOnlyList<string> PublicSubnetIds);

/// <summary>A service's Fargate task size and how far autoscaling may take it.</summary>
public sealed record ServiceSize(int Cpu, int MemoryMiB, int MinCount, int MaxCount)
{
    public static IReadOnlyDictionary<string, ServiceSize> Defaults { get; } = new Dictionary<string, ServiceSize>
    {
        [ServiceNames.Gateway] = new(512, 1024, 2, 6),
        [ServiceNames.Ingestion] = new(512, 1024, 2, 6),
        [ServiceNames.Clusters] = new(512, 1024, 2, 4),
        // The embedders: MiniLM runs one 90 MB model copy per core.
        [ServiceNames.Clustering] = new(2048, 4096, 2, 8),
        // One poller is enough; its cursors live in Redis, so a replacement picks up where it stopped.
        [ServiceNames.Poller] = new(256, 512, 1, 1),
        [ServiceNames.AgentOrchestrator] = new(512, 1024, 2, 2),
        // Replicas share their Data Protection keys through a mounted folder (DashboardKeys), so two is fine.
        [ServiceNames.Dashboard] = new(512, 1024, 2, 2),
    };
}

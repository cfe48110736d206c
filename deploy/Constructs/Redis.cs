using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;

namespace FeedbackFix.Deploy.Constructs;

/// <summary>
/// ElastiCache for Redis: one shard (cluster mode disabled, so the contract's multi-key scripts and
/// transactions keep all their keys together), a primary and replicas across zones with automatic
/// failover, TLS and encryption at rest, an auth token from Secrets Manager, daily snapshots, a
/// parameter group that never evicts, and an alarm on its memory.
/// </summary>
public sealed class Redis : Construct
{
    public Redis(Construct scope, string id, DeploySettings settings, Network network) : base(scope, id)
    {
        AuthToken = new Secret(this, "AuthToken", new SecretProps
        {
            SecretName = $"{settings.Prefix}/redis-auth-token",
            Description = "The Redis AUTH token (ElastiCache's auth token; the services' Redis password)",
            GenerateSecretString = new SecretStringGenerator
            {
                PasswordLength = 64,
                // ElastiCache refuses @, " and / in a token; letters and digits are enough at this length.
                ExcludePunctuation = true,
            },
        });

        var subnets = new CfnSubnetGroup(this, "SubnetGroup", new CfnSubnetGroupProps
        {
            Description = "FeedbackFix Redis: the private subnets",
            SubnetIds = network.Vpc.SelectSubnets(network.PrivateSubnets).SubnetIds,
        });

        // The default group's volatile-lru would evict keys with a TTL under memory pressure: the
        // membership lease (lock:clustering) and idempotency keys among them. Refused writes are
        // loud and retried; silently lost locks are not.
        ParameterGroup = new CfnParameterGroup(this, "ParameterGroup", new CfnParameterGroupProps
        {
            CacheParameterGroupFamily = settings.RedisParameterGroupFamily,
            Description = "FeedbackFix store: no eviction",
            Properties = new Dictionary<string, string> { ["maxmemory-policy"] = "noeviction" },
        });

        ReplicationGroup = new CfnReplicationGroup(this, "ReplicationGroup", new CfnReplicationGroupProps
        {
            ReplicationGroupDescription = "FeedbackFix store (one shard, Multi-AZ)",
            Engine = settings.RedisEngine,
            EngineVersion = settings.RedisEngineVersion,
            CacheNodeType = settings.RedisNodeType,
            ClusterMode = "disabled",
            NumCacheClusters = 1 + settings.RedisReplicas,
            AutomaticFailoverEnabled = true,
            MultiAzEnabled = true,
            TransitEncryptionEnabled = true,
            TransitEncryptionMode = "required",
            AtRestEncryptionEnabled = true,
            AuthToken = AuthToken.SecretValue.UnsafeUnwrap(),
            Port = Network.RedisPort,
            CacheSubnetGroupName = subnets.Ref,
            CacheParameterGroupName = ParameterGroup.Ref,
            SecurityGroupIds = [network.RedisSecurityGroup.SecurityGroupId],
            SnapshotName = settings.RedisRestoreSnapshot,
            SnapshotRetentionLimit = settings.RedisSnapshotRetentionDays,
            SnapshotWindow = settings.RedisSnapshotWindow,
            PreferredMaintenanceWindow = "sun:05:00-sun:06:00",
            AutoMinorVersionUpgrade = true,
        });
        ReplicationGroup.ApplyRemovalPolicy(RemovalPolicy.SNAPSHOT);

        MemoryAlarm = new Alarm(this, "MemoryAlarm", new AlarmProps
        {
            AlarmDescription = $"Redis memory at {MemoryAlarmPercent} % or more of maxmemory: writes are refused (noeviction) when it is full. " +
                "Deploy a larger redisNodeType or set feedbackRetentionDays (docs/deploy.md, \"Retention\").",
            Metric = HighestMemoryUsage(settings),
            Threshold = MemoryAlarmPercent,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            EvaluationPeriods = 3,
            TreatMissingData = TreatMissingData.MISSING,
        });
    }

    /// <summary>The share of <c>maxmemory</c> in use at which <see cref="MemoryAlarm"/> goes off.</summary>
    public const int MemoryAlarmPercent = 80;

    public Secret AuthToken { get; }

    public CfnParameterGroup ParameterGroup { get; }

    /// <summary>Redis's memory use (the highest of its nodes) at <see cref="MemoryAlarmPercent"/> or more for 15 minutes; it has no action, so subscribe to it.</summary>
    public Alarm MemoryAlarm { get; }

    public CfnReplicationGroup ReplicationGroup { get; }

    /// <summary>
    /// DatabaseMemoryUsagePercentage of every node, the highest of them per 5 minutes: ElastiCache
    /// publishes it per node (<c>{replication group}-001</c>, <c>-002</c>, ...), and the primary moves
    /// with a failover while every node holds the same data.
    /// </summary>
    private MathExpression HighestMemoryUsage(DeploySettings settings)
    {
        var nodes = Enumerable.Range(1, 1 + settings.RedisReplicas).ToDictionary(
            node => $"node{node}",
            node => (IMetric)new Metric(new MetricProps
            {
                Namespace = "AWS/ElastiCache",
                MetricName = "DatabaseMemoryUsagePercentage",
                DimensionsMap = new Dictionary<string, string> { ["CacheClusterId"] = $"{ReplicationGroup.Ref}-{node:000}" },
                Statistic = "Maximum",
                Period = Duration.Minutes(5),
            }));
        return new MathExpression(new MathExpressionProps
        {
            Expression = $"MAX([{string.Join(", ", nodes.Keys)}])",
            UsingMetrics = nodes,
            Period = Duration.Minutes(5),
            Label = "Redis memory used, % of maxmemory (highest node)",
        });
    }

    /// <summary>
    /// The services' <c>ConnectionStrings:redis</c>: the primary endpoint (it follows a failover) over
    /// TLS; the password is not in it but comes as a secret of its own.
    /// </summary>
    public string ConnectionString =>
        $"{ReplicationGroup.AttrPrimaryEndPointAddress}:{ReplicationGroup.AttrPrimaryEndPointPort},ssl=true,abortConnect=false";
}

using Amazon.CDK;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;

namespace FeedbackFix.Deploy.Constructs;

/// <summary>
/// ElastiCache for Redis: one shard (cluster mode disabled, so the contract's multi-key scripts and
/// transactions keep all their keys together), a primary and replicas across zones with automatic
/// failover, TLS and encryption at rest, an auth token from Secrets Manager, daily snapshots.
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
            SecurityGroupIds = [network.RedisSecurityGroup.SecurityGroupId],
            SnapshotName = settings.RedisRestoreSnapshot,
            SnapshotRetentionLimit = settings.RedisSnapshotRetentionDays,
            SnapshotWindow = settings.RedisSnapshotWindow,
            PreferredMaintenanceWindow = "sun:05:00-sun:06:00",
            AutoMinorVersionUpgrade = true,
        });
        ReplicationGroup.ApplyRemovalPolicy(RemovalPolicy.SNAPSHOT);
    }

    public Secret AuthToken { get; }

    public CfnReplicationGroup ReplicationGroup { get; }

    /// <summary>
    /// The services' <c>ConnectionStrings:redis</c>: the primary endpoint (it follows a failover) over
    /// TLS; the password is not in it but comes as a secret of its own.
    /// </summary>
    public string ConnectionString =>
        $"{ReplicationGroup.AttrPrimaryEndPointAddress}:{ReplicationGroup.AttrPrimaryEndPointPort},ssl=true,abortConnect=false";
}

using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.EFS;
using Constructs;
using FileSystem = Amazon.CDK.AWS.EFS.FileSystem;

namespace FeedbackFix.Deploy.Constructs;

/// <summary>
/// The folder every dashboard replica keeps its Data Protection key ring in
/// (<c>Dashboard:DataProtectionKeysPath</c>): an encrypted EFS file system in the private subnets,
/// reached only from the dashboard's security group on NFS (2049), through one access point that
/// makes every client the image's unprivileged <c>app</c> user, mounted with TLS and IAM authorisation.
/// </summary>
public sealed class DashboardKeys : Construct
{
    /// <summary>Where the folder appears inside the dashboard's container; <c>Dashboard:DataProtectionKeysPath</c> names it.</summary>
    public const string MountPath = "/var/lib/feedbackfix/dataprotection-keys";

    public const string VolumeName = "dataprotection-keys";

    public const int NfsPort = 2049;

    /// <summary>The <c>app</c> user and group of the .NET images (ContainerUser's default), so the keys are written as the process's own.</summary>
    public const string AppUserId = "1654";

    public DashboardKeys(Construct scope, string id, Network network) : base(scope, id)
    {
        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = "The dashboard's key folder (EFS): NFS from the dashboard only",
            AllowAllOutbound = false,
        });
        SecurityGroup.AddIngressRule(network.DashboardSecurityGroup, Port.Tcp(NfsPort), "NFS from the dashboard");

        FileSystem = new FileSystem(this, "FileSystem", new FileSystemProps
        {
            Vpc = network.Vpc,
            VpcSubnets = network.PrivateSubnets,
            SecurityGroup = SecurityGroup,
            Encrypted = true,
            // Only IAM-authorised mounts (the dashboard's task role), on top of the network rule.
            AllowAnonymousAccess = false,
            // A few small files: the keys live 90 days and are rewritten rarely.
            PerformanceMode = PerformanceMode.GENERAL_PURPOSE,
            ThroughputMode = ThroughputMode.BURSTING,
            // Losing the keys signs everyone out and voids open forms, nothing more; kept anyway, as a bucket would be.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        AccessPoint = FileSystem.AddAccessPoint("AccessPoint", new AccessPointOptions
        {
            Path = "/dataprotection-keys",
            CreateAcl = new Acl { OwnerUid = AppUserId, OwnerGid = AppUserId, Permissions = "700" },
            PosixUser = new PosixUser { Uid = AppUserId, Gid = AppUserId },
        });
    }

    public SecurityGroup SecurityGroup { get; }

    public FileSystem FileSystem { get; }

    public AccessPoint AccessPoint { get; }

    /// <summary>Adds the volume to the dashboard's task, mounts it at <see cref="MountPath"/> and lets the task role mount and write it.</summary>
    public void MountInto(FargateTaskDefinition taskDefinition, ContainerDefinition container)
    {
        taskDefinition.AddVolume(new Amazon.CDK.AWS.ECS.Volume
        {
            Name = VolumeName,
            EfsVolumeConfiguration = new EfsVolumeConfiguration
            {
                FileSystemId = FileSystem.FileSystemId,
                TransitEncryption = "ENABLED",
                AuthorizationConfig = new AuthorizationConfig { AccessPointId = AccessPoint.AccessPointId, Iam = "ENABLED" },
            },
        });
        container.AddMountPoints(new MountPoint { SourceVolume = VolumeName, ContainerPath = MountPath, ReadOnly = false });
        FileSystem.GrantReadWrite(taskDefinition.TaskRole);
    }
}

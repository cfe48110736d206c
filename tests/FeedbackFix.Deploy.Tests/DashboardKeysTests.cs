using System.Text.Json;
using FeedbackFix.Deploy.Constructs;

namespace FeedbackFix.Deploy.Tests;

/// <summary>The dashboard's replicas share one Data Protection key ring: a folder on EFS, mounted where their setting points.</summary>
public sealed class DashboardKeysTests(NewVpcStack stack) : IClassFixture<NewVpcStack>
{
    [Fact]
    public void The_dashboard_mounts_the_shared_volume_at_the_path_its_keys_setting_names()
    {
        var task = stack.ResourcesOfType("AWS::ECS::TaskDefinition").Single(t => t.Properties.GetProperty("Family").GetString() == "feedbackfix-dashboard").Properties;
        var container = Assert.Single(task.GetProperty("ContainerDefinitions").EnumerateArray());

        var keysPath = container.GetProperty("Environment").EnumerateArray()
            .Single(variable => variable.GetProperty("Name").GetString() == "Dashboard__DataProtectionKeysPath")
            .GetProperty("Value").GetString();
        var mount = Assert.Single(container.GetProperty("MountPoints").EnumerateArray());
        Assert.Equal(keysPath, mount.GetProperty("ContainerPath").GetString());
        Assert.False(mount.GetProperty("ReadOnly").GetBoolean());

        var volume = Assert.Single(task.GetProperty("Volumes").EnumerateArray());
        Assert.Equal(mount.GetProperty("SourceVolume").GetString(), volume.GetProperty("Name").GetString());
        var efs = volume.GetProperty("EFSVolumeConfiguration");
        Assert.Equal(Assert.Single(stack.ResourcesOfType("AWS::EFS::FileSystem")).LogicalId, RefOf(efs.GetProperty("FilesystemId")));
        Assert.Equal("ENABLED", efs.GetProperty("TransitEncryption").GetString());
        var authorization = efs.GetProperty("AuthorizationConfig");
        Assert.Equal("ENABLED", authorization.GetProperty("IAM").GetString());
        Assert.Equal(Assert.Single(stack.ResourcesOfType("AWS::EFS::AccessPoint")).LogicalId, RefOf(authorization.GetProperty("AccessPointId")));

        // No other service gets the volume.
        Assert.Single(stack.ResourcesOfType("AWS::ECS::TaskDefinition"), t => t.Properties.TryGetProperty("Volumes", out _));
    }

    [Fact]
    public void The_file_system_is_encrypted_in_the_private_subnets_and_takes_NFS_only_from_the_dashboards_group()
    {
        var fileSystem = Assert.Single(stack.ResourcesOfType("AWS::EFS::FileSystem")).Properties;
        Assert.True(fileSystem.GetProperty("Encrypted").GetBoolean());

        var keysGroup = stack.SecurityGroupId("The dashboard's key folder");
        var dashboardGroup = stack.SecurityGroupId("The dashboard's tasks");
        var mountTargets = stack.ResourcesOfType("AWS::EFS::MountTarget").Select(target => target.Properties).ToList();
        Assert.Equal(stack.Settings.MaxAzs, mountTargets.Count);
        var privateSubnets = stack.ResourcesOfType("AWS::EC2::Subnet")
            .Where(subnet => subnet.LogicalId.Contains("private", StringComparison.OrdinalIgnoreCase))
            .Select(subnet => subnet.LogicalId)
            .ToHashSet();
        Assert.All(mountTargets, target =>
        {
            Assert.Contains(RefOf(target.GetProperty("SubnetId"))!, privateSubnets);
            Assert.Equal(keysGroup, SynthesizedStack.GroupIdReference(Assert.Single(target.GetProperty("SecurityGroups").EnumerateArray())));
        });

        var rules = stack.IngressRulesOf(keysGroup).ToList();
        Assert.NotEmpty(rules);
        Assert.All(rules, rule =>
        {
            Assert.Equal(DashboardKeys.NfsPort, rule.GetProperty("FromPort").GetInt32());
            Assert.Equal(DashboardKeys.NfsPort, rule.GetProperty("ToPort").GetInt32());
            Assert.Equal(dashboardGroup, SynthesizedStack.SourceGroupOf(rule));
        });

        // The dashboard's service carries that group; no other service does.
        var withGroup = stack.ResourcesOfType("AWS::ECS::Service")
            .Where(service => service.Properties.GetProperty("NetworkConfiguration").GetProperty("AwsvpcConfiguration").GetProperty("SecurityGroups")
                .EnumerateArray().Any(group => SynthesizedStack.GroupIdReference(group) == dashboardGroup))
            .Select(service => service.Properties.GetProperty("ServiceName").GetString());
        Assert.Equal([ServiceNames.Dashboard], withGroup);
    }

    [Fact]
    public void Only_the_dashboards_task_role_may_mount_and_write_the_file_system_and_anonymous_mounts_are_refused()
    {
        var fileSystem = Assert.Single(stack.ResourcesOfType("AWS::EFS::FileSystem"));
        var granting = stack.ResourcesOfType("AWS::IAM::Policy")
            .Where(policy => policy.Properties.GetRawText().Contains("elasticfilesystem:ClientWrite", StringComparison.Ordinal))
            .ToList();

        var policy = Assert.Single(granting).Properties;
        Assert.Contains("elasticfilesystem:ClientMount", policy.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(fileSystem.LogicalId, policy.GetProperty("PolicyDocument").GetRawText(), StringComparison.Ordinal);
        var role = Assert.Single(policy.GetProperty("Roles").EnumerateArray());
        var dashboardTask = stack.ResourcesOfType("AWS::ECS::TaskDefinition").Single(t => t.Properties.GetProperty("Family").GetString() == "feedbackfix-dashboard").Properties;
        Assert.Equal(dashboardTask.GetProperty("TaskRoleArn").GetProperty("Fn::GetAtt")[0].GetString(), RefOf(role));
        // A file system policy exists, so a client without IAM authorisation gets nothing.
        Assert.True(fileSystem.Properties.TryGetProperty("FileSystemPolicy", out _));
    }

    [Fact]
    public void Every_client_of_the_access_point_is_the_images_app_user()
    {
        var accessPoint = Assert.Single(stack.ResourcesOfType("AWS::EFS::AccessPoint")).Properties;

        Assert.Equal(DashboardKeys.AppUserId, accessPoint.GetProperty("PosixUser").GetProperty("Uid").GetString());
        Assert.Equal(DashboardKeys.AppUserId, accessPoint.GetProperty("RootDirectory").GetProperty("CreationInfo").GetProperty("OwnerUid").GetString());
    }

    [Fact]
    public void The_dashboard_runs_more_than_one_replica_by_default()
    {
        var dashboard = stack.ResourcesOfType("AWS::ECS::Service").Single(service => service.Properties.GetProperty("ServiceName").GetString() == ServiceNames.Dashboard).Properties;

        Assert.True(dashboard.GetProperty("DesiredCount").GetInt32() > 1);
    }

    /// <summary>The logical id in <c>{"Ref": id}</c>.</summary>
    private static string? RefOf(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("Ref", out var id) ? id.GetString() : null;
}

using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace FeedbackFix.Deploy.Tests;

/// <summary>
/// The stack synthesised once for a test class (jsii starts node; a synthesis takes seconds): the
/// assertion library's <see cref="Template"/>, and the same template as JSON for scans across it.
/// </summary>
public abstract class SynthesizedStack : IDisposable
{
    public const string CertificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
    public const string OtlpEndpoint = "http://otel-collector.example.internal:4317";
    public const string OidcAuthority = "https://login.example.com";
    public const string OidcClientId = "feedbackfix-dashboard";
    public const string AllowedEmailDomain = "example.com";

    /// <summary>The context every deployment needs, since these settings have no default.</summary>
    public static Dictionary<string, object> RequiredContext() => new()
    {
        ["dashboardOidcAuthority"] = OidcAuthority,
        ["dashboardOidcClientId"] = OidcClientId,
        ["dashboardAllowedEmailDomains"] = AllowedEmailDomain,
    };

    private readonly string outdir = Directory.CreateTempSubdirectory("feedbackfix-cdk-").FullName;

    protected SynthesizedStack(Dictionary<string, object> extraContext)
    {
        var context = RequiredContext();
        context["certificateArn"] = CertificateArn;
        context["otlpEndpoint"] = OtlpEndpoint;
        context["redisSnapshotRetentionDays"] = "9";
        foreach (var (key, value) in extraContext)
        {
            context[key] = value;
        }

        // Both stacks, named as deploy/Program.cs names them.
        var app = new App(new AppProps { Outdir = outdir, Context = context });
        Settings = DeploySettings.FromContext(app.Node);
        new ContainerImagesStack(app, Settings.ImagesStackName, Settings);
        Stack = new FeedbackFixStack(app, Settings.StackName, Settings);
        app.Synth();
        var template = File.ReadAllText(Path.Combine(outdir, $"{Settings.StackName}.template.json"));
        Template = Template.FromString(template);
        Json = JsonDocument.Parse(template);
        ImagesJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(outdir, $"{Settings.ImagesStackName}.template.json")));
    }

    public DeploySettings Settings { get; }

    public FeedbackFixStack Stack { get; }

    public Template Template { get; }

    public JsonDocument Json { get; }

    /// <summary>The template of the ECR repositories' stack.</summary>
    public JsonDocument ImagesJson { get; }

    public IEnumerable<(string LogicalId, JsonElement Properties)> ResourcesOfType(string type) => ResourcesOfType(Json, type);

    public static IEnumerable<(string LogicalId, JsonElement Properties)> ResourcesOfType(JsonDocument template, string type) =>
        template.RootElement.GetProperty("Resources").EnumerateObject()
            .Where(resource => resource.Value.GetProperty("Type").GetString() == type)
            .Select(resource => (resource.Name, resource.Value.TryGetProperty("Properties", out var properties) ? properties : default));

    /// <summary>Every container of every task definition, with its task definition's family.</summary>
    public IEnumerable<(string Family, JsonElement Container)> Containers() =>
        ResourcesOfType("AWS::ECS::TaskDefinition").SelectMany(task =>
            task.Properties.GetProperty("ContainerDefinitions").EnumerateArray()
                .Select(container => (task.Properties.GetProperty("Family").GetString()!, container)));

    /// <summary>Every Fargate service by its name.</summary>
    public IReadOnlyDictionary<string, (string LogicalId, JsonElement Properties)> Services() =>
        ResourcesOfType("AWS::ECS::Service").ToDictionary(service => service.Properties.GetProperty("ServiceName").GetString()!);

    /// <summary>The logical ids of the security groups a service's tasks carry.</summary>
    public IReadOnlyList<string?> SecurityGroupsOf(string service) =>
        [.. Services()[service].Properties.GetProperty("NetworkConfiguration").GetProperty("AwsvpcConfiguration").GetProperty("SecurityGroups")
            .EnumerateArray().Select(GroupIdReference)];

    /// <summary>The container's environment variables by name (values that are not plain strings as their JSON).</summary>
    public static Dictionary<string, string> EnvironmentOf(JsonElement container) =>
        container.TryGetProperty("Environment", out var environment)
            ? environment.EnumerateArray().ToDictionary(
                variable => variable.GetProperty("Name").GetString()!,
                variable => variable.GetProperty("Value") is { ValueKind: JsonValueKind.String } text ? text.GetString()! : variable.GetProperty("Value").GetRawText())
            : [];

    /// <summary>The logical id of the security group whose description starts so.</summary>
    public string SecurityGroupId(string descriptionStart) =>
        ResourcesOfType("AWS::EC2::SecurityGroup")
            .Single(group => group.Properties.GetProperty("GroupDescription").GetString()!.StartsWith(descriptionStart, StringComparison.Ordinal))
            .LogicalId;

    /// <summary>Inline ingress of the group and the separate ingress resources that target it.</summary>
    public IEnumerable<JsonElement> IngressRulesOf(string groupLogicalId)
    {
        var group = ResourcesOfType("AWS::EC2::SecurityGroup").Single(g => g.LogicalId == groupLogicalId).Properties;
        var inline = group.TryGetProperty("SecurityGroupIngress", out var rules) ? rules.EnumerateArray().ToList() : [];
        var separate = ResourcesOfType("AWS::EC2::SecurityGroupIngress")
            .Where(rule => GroupIdReference(rule.Properties.GetProperty("GroupId")) == groupLogicalId)
            .Select(rule => rule.Properties);
        return inline.Concat(separate);
    }

    public static string? SourceGroupOf(JsonElement rule) =>
        rule.TryGetProperty("SourceSecurityGroupId", out var source) ? GroupIdReference(source) : null;

    /// <summary>The logical id in <c>{"Fn::GetAtt": [id, "GroupId"]}</c>.</summary>
    public static string? GroupIdReference(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("Fn::GetAtt", out var attribute)
            ? attribute[0].GetString()
            : null;

    public void Dispose()
    {
        Json.Dispose();
        ImagesJson.Dispose();
        Directory.Delete(outdir, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>The stack on a new VPC with the defaults, plus a certificate, an OTLP endpoint and 9 days of snapshots.</summary>
public sealed class NewVpcStack() : SynthesizedStack([]);

/// <summary>The stack in an existing VPC given by ids, as an operator passes it with <c>-c</c>, with Redis restored from a snapshot, reports kept a year, the agent's model credentials from a secret, the images' tag and every rule of who may use the dashboard.</summary>
public sealed class ExistingVpcStack() : SynthesizedStack(new Dictionary<string, object>
{
    ["vpcId"] = "vpc-0123456789abcdef0",
    ["availabilityZones"] = "eu-west-1a,eu-west-1b",
    ["privateSubnetIds"] = "subnet-0private0a,subnet-0private0b",
    ["publicSubnetIds"] = "subnet-0public0a,subnet-0public0b",
    ["redisRestoreSnapshot"] = "feedbackfix-2026-12-01",
    ["feedbackRetentionDays"] = "365",
    ["agentCredentialVariables"] = "ANTHROPIC_API_KEY, OPENAI_API_KEY",
    ["imageTag"] = ExistingVpcStack.ImageTag,
    ["dashboardAllowedEmailDomains"] = "example.com, example.org",
    ["dashboardAllowedEmails"] = "grace@partner.example.net",
    ["dashboardRequiredRole"] = "FeedbackFix.Operator",
    ["dashboardRoleClaim"] = "groups",
})
{
    public const string ImageTag = "2026.12.04-1";
}

/// <summary>A second deployment beside the default one, with a prefix of its own.</summary>
public sealed class OtherPrefixStack() : SynthesizedStack(new Dictionary<string, object> { ["prefix"] = "acme" });

using System.Text.Json;

namespace FeedbackFix.Deploy.Tests;

/// <summary>The coding agent's model credentials, given with <c>agentCredentialVariables</c> (the existing-VPC stack names two).</summary>
public sealed class AgentCredentialsTests(ExistingVpcStack stack) : IClassFixture<ExistingVpcStack>
{
    private static readonly string[] Variables = ["ANTHROPIC_API_KEY", "OPENAI_API_KEY"];

    [Fact]
    public void Each_variable_is_an_ECS_secret_from_its_field_of_the_credentials_secret_and_never_a_plain_environment_value()
    {
        var credentials = CredentialsId();
        var agent = stack.Containers().Single(c => c.Family == "feedbackfix-coding-agent").Container;
        var secrets = agent.GetProperty("Secrets").EnumerateArray()
            .ToDictionary(secret => secret.GetProperty("Name").GetString()!, secret => secret.GetProperty("ValueFrom").GetRawText());

        Assert.Equal(["ANTHROPIC_API_KEY", "GITHUB_TOKEN", "OPENAI_API_KEY"], secrets.Keys.Order(StringComparer.Ordinal));
        foreach (var name in Variables)
        {
            Assert.Contains($"\"{credentials}\"", secrets[name], StringComparison.Ordinal);
            Assert.Contains($":{name}::", secrets[name], StringComparison.Ordinal);
        }
        foreach (var (_, container) in stack.Containers())
        {
            var environment = container.TryGetProperty("Environment", out var variables)
                ? variables.EnumerateArray().Select(variable => variable.GetProperty("Name").GetString()).ToList()
                : [];
            Assert.Empty(environment.Intersect(Variables));
        }
    }

    [Fact]
    public void The_agent_is_told_the_variable_names_so_it_masks_their_values()
    {
        var agent = stack.Containers().Single(c => c.Family == "feedbackfix-coding-agent").Container;
        var environment = agent.GetProperty("Environment").EnumerateArray()
            .ToDictionary(variable => variable.GetProperty("Name").GetString()!, variable => variable.GetProperty("Value").GetString());

        Assert.Equal(string.Join(',', Variables), environment["AGENT_SECRET_VARIABLES"]);
    }

    [Fact]
    public void Only_the_agents_execution_role_is_allowed_to_read_the_credentials_and_everyone_else_is_denied()
    {
        var credentials = CredentialsId();
        var agentTask = TaskDefinition("feedbackfix-coding-agent");
        var executionRole = Reference(agentTask.GetProperty("ExecutionRoleArn"));

        var rolesGranted = stack.ResourcesOfType("AWS::IAM::Policy")
            .Where(policy => policy.Properties.GetProperty("PolicyDocument").GetRawText().Contains($"\"{credentials}\"", StringComparison.Ordinal))
            .SelectMany(policy => policy.Properties.GetProperty("Roles").EnumerateArray().Select(Reference))
            .ToList();
        Assert.Equal([executionRole], rolesGranted);
        Assert.NotEqual(executionRole, Reference(TaskDefinition("feedbackfix-agent-orchestrator").GetProperty("TaskRoleArn")));
        Assert.NotEqual(executionRole, Reference(agentTask.GetProperty("TaskRoleArn")));

        var resourcePolicy = Assert.Single(stack.ResourcesOfType("AWS::SecretsManager::ResourcePolicy"),
            policy => Reference(policy.Properties.GetProperty("SecretId")) == credentials).Properties;
        var deny = Assert.Single(resourcePolicy.GetProperty("ResourcePolicy").GetProperty("Statement").EnumerateArray());
        Assert.Equal(("Deny", "secretsmanager:GetSecretValue", "*"),
            (deny.GetProperty("Effect").GetString(), deny.GetProperty("Action").GetString(), deny.GetProperty("Principal").GetProperty("AWS").GetString()));
        var except = deny.GetProperty("Condition").GetProperty("ArnNotEquals").GetProperty("aws:PrincipalArn");
        Assert.Equal(executionRole, Reference(except));
    }

    [Fact]
    public void The_secret_starts_as_a_placeholder_that_does_not_depend_on_the_variable_names()
    {
        var secret = stack.ResourcesOfType("AWS::SecretsManager::Secret")
            .Single(s => s.Properties.GetProperty("Name").GetString() == "feedbackfix/agent-credentials").Properties;

        Assert.False(secret.TryGetProperty("SecretString", out _));
        var generated = secret.GetProperty("GenerateSecretString");
        Assert.Equal(("{}", "placeholder"), (generated.GetProperty("SecretStringTemplate").GetString(), generated.GetProperty("GenerateStringKey").GetString()));
    }

    private string CredentialsId() => stack.ResourcesOfType("AWS::SecretsManager::Secret")
        .Single(secret => secret.Properties.GetProperty("Name").GetString() == "feedbackfix/agent-credentials").LogicalId;

    private JsonElement TaskDefinition(string family) => stack.ResourcesOfType("AWS::ECS::TaskDefinition")
        .Single(task => task.Properties.GetProperty("Family").GetString() == family).Properties;

    /// <summary>The logical id a <c>Ref</c> or <c>Fn::GetAtt</c> names.</summary>
    private static string? Reference(JsonElement value) =>
        value.ValueKind != JsonValueKind.Object ? null
        : value.TryGetProperty("Ref", out var reference) ? reference.GetString()
        : value.TryGetProperty("Fn::GetAtt", out var attribute) ? attribute[0].GetString()
        : null;
}

using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;
using Secret = Amazon.CDK.AWS.SecretsManager.Secret;

namespace FeedbackFix.Deploy.Constructs;

/// <summary>
/// The coding agent: its own ECS cluster (only agent tasks run there, so "its tasks" is a resource
/// an IAM policy can name), its task definition, and the orchestrator's task role, allowed to run,
/// describe and stop those tasks and to pass only the agent's two roles. With
/// <see cref="DeploySettings.AgentCredentialVariables"/>, the secret <c>{prefix}/agent-credentials</c> whose
/// fields become those variables as ECS secrets, readable by the agent's execution role alone, and
/// whose names <c>AGENT_SECRET_VARIABLES</c> gives the agent, so it masks their values in what it reports.
/// </summary>
public sealed class CodingAgent : Construct
{
    /// <summary>The agent's container: the orchestrator's <c>Launchers:Ecs:ContainerName</c> default.</summary>
    public const string ContainerName = ServiceNames.CodingAgent;

    public CodingAgent(Construct scope, string id, DeploySettings settings, Network network, AppSecrets secrets) : base(scope, id)
    {
        Cluster = new Cluster(this, "Cluster", new ClusterProps { Vpc = network.Vpc });
        Family = $"{settings.Prefix}-{ServiceNames.CodingAgent}";

        TaskRole = new Role(this, "TaskRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com"),
            Description = "The coding agent's task: no AWS permissions; it talks to GitHub and the public API only",
        });

        TaskDefinition = new FargateTaskDefinition(this, "TaskDefinition", new FargateTaskDefinitionProps
        {
            Family = Family,
            Cpu = settings.AgentCpu,
            MemoryLimitMiB = settings.AgentMemoryMiB,
            // The clone, its build output and the toolchain's caches: Fargate's default 20 GiB is tight for a large repository.
            EphemeralStorageGiB = settings.AgentEphemeralStorageGiB,
            TaskRole = TaskRole,
        });

        var environment = new Dictionary<string, string>();
        if (settings.AgentCommand is { } command)
        {
            environment["AGENT_COMMAND"] = command;
        }

        // GITHUB_TOKEN never travels in RunTask's overrides: the task definition takes it from Secrets Manager.
        var secretVariables = new Dictionary<string, EcsSecret> { ["GITHUB_TOKEN"] = EcsSecret.FromSecretsManager(secrets.GitHubToken) };
        if (settings.AgentCredentialVariables.Count > 0)
        {
            Credentials = new Secret(this, "Credentials", new SecretProps
            {
                SecretName = $"{settings.Prefix}/agent-credentials",
                Description = "The coding agent's model credentials: a JSON object with one field per name in agentCredentialVariables (replace the placeholder)",
                // The value does not depend on the names, so changing them never resets what the operator stored.
                GenerateSecretString = new SecretStringGenerator
                {
                    SecretStringTemplate = "{}",
                    GenerateStringKey = CredentialsPlaceholderField,
                    ExcludePunctuation = true,
                },
            });
            foreach (var name in settings.AgentCredentialVariables)
            {
                secretVariables[name] = EcsSecret.FromSecretsManager(Credentials, name);
            }
            // The command inherits these on purpose; the agent masks their values in the job's log (names only here).
            environment["AGENT_SECRET_VARIABLES"] = string.Join(',', settings.AgentCredentialVariables);
        }

        TaskDefinition.AddContainer(ContainerName, new ContainerDefinitionOptions
        {
            ContainerName = ContainerName,
            Image = ContainerImage.FromEcrRepository(
                Repository.FromRepositoryName(this, "Repository", ContainerRepositories.NameOf(settings, ServiceNames.CodingAgent)),
                settings.PulledImageTag()),
            Environment = environment,
            Secrets = secretVariables,
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps
            {
                StreamPrefix = ServiceNames.CodingAgent,
                LogGroup = new LogGroup(this, "Logs", new LogGroupProps
                {
                    LogGroupName = $"/{settings.Prefix}/{ServiceNames.CodingAgent}",
                    Retention = AppServices.Retention(settings.LogRetentionDays),
                    RemovalPolicy = RemovalPolicy.DESTROY,
                }),
            }),
        });
        ExecutionRole = TaskDefinition.ObtainExecutionRole();
        Credentials?.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "OnlyTheAgentsExecutionRoleReadsTheValue",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["secretsmanager:GetSecretValue"],
            Resources = ["*"],
            Conditions = new Dictionary<string, object>
            {
                ["ArnNotEquals"] = new Dictionary<string, object> { ["aws:PrincipalArn"] = ExecutionRole.RoleArn },
            },
        }));

        OrchestratorTaskRole = new Role(this, "OrchestratorTaskRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com"),
            Description = "The agent orchestrator: runs, describes and stops coding-agent tasks, nothing else",
        });
        GrantLaunch(OrchestratorTaskRole);
    }

    /// <summary>The field of <see cref="Credentials"/> the stack writes, so the secret starts as valid JSON; the agent ignores it.</summary>
    public const string CredentialsPlaceholderField = "placeholder";

    public Cluster Cluster { get; }

    /// <summary>The agent's model credentials, when <see cref="DeploySettings.AgentCredentialVariables"/> names any.</summary>
    public Secret? Credentials { get; }

    public string Family { get; }

    public FargateTaskDefinition TaskDefinition { get; }

    public Role TaskRole { get; }

    public IRole ExecutionRole { get; }

    public Role OrchestratorTaskRole { get; }

    /// <summary>RunTask of this family in the agents' cluster, DescribeTasks and StopTask of that cluster's tasks, PassRole of the agent's roles.</summary>
    private void GrantLaunch(Role orchestrator)
    {
        var stack = Stack.Of(this);
        var familyRevisions = stack.FormatArn(new ArnComponents
        {
            Service = "ecs",
            Resource = "task-definition",
            ResourceName = $"{Family}:*",
            ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
        });
        var agentTasks = stack.FormatArn(new ArnComponents
        {
            Service = "ecs",
            Resource = "task",
            ResourceName = $"{Cluster.ClusterName}/*",
            ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
        });
        var inAgentCluster = new Dictionary<string, object>
        {
            ["ArnEquals"] = new Dictionary<string, object> { ["ecs:cluster"] = Cluster.ClusterArn },
        };

        orchestrator.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "RunAgentTasks",
            Actions = ["ecs:RunTask"],
            Resources = [familyRevisions],
            Conditions = inAgentCluster,
        }));
        orchestrator.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "WatchAndStopAgentTasks",
            Actions = ["ecs:DescribeTasks", "ecs:StopTask"],
            Resources = [agentTasks],
            Conditions = inAgentCluster,
        }));
        orchestrator.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "TagAgentTasksAtLaunch",
            Actions = ["ecs:TagResource"],
            Resources = [agentTasks],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["ecs:CreateAction"] = "RunTask" },
            },
        }));
        orchestrator.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "PassAgentRoles",
            Actions = ["iam:PassRole"],
            Resources = [TaskRole.RoleArn, ExecutionRole.RoleArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["iam:PassedToService"] = "ecs-tasks.amazonaws.com" },
            },
        }));
    }
}

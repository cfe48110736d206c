using System.Text.RegularExpressions;
using Amazon.Runtime;
using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.AgentOrchestrator.Launchers.Ecs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.AgentOrchestrator.Tests.Ecs;

public sealed class EcsSigningTests
{
    [Fact]
    public async Task Every_call_is_a_SigV4_signed_JSON_1_1_request_the_fake_accepts()
    {
        await using var scenario = await EcsScenario.StartAsync();

        var taskArn = await scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None);
        await scenario.Launcher.DescribeAsync(taskArn, CancellationToken.None);
        await scenario.Launcher.StopAsync(taskArn, "cancelled", CancellationToken.None);

        Assert.Equal(["RunTask", "DescribeTasks", "StopTask"], scenario.Fake.Requests.Select(request => request.Operation));
        Assert.All(scenario.Fake.Requests, request =>
        {
            Assert.Equal(200, request.Status);
            Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
            Assert.StartsWith("AmazonEC2ContainerServiceV20141113.", request.Headers["X-Amz-Target"], StringComparison.Ordinal);
            Assert.Matches(@"^\d{8}T\d{6}Z$", request.Headers["X-Amz-Date"]);
            var authorization = Regex.Match(
                request.Headers["Authorization"],
                @"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/eu-west-1/ecs/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=[0-9a-f]{64}$");
            Assert.True(authorization.Success, request.Headers["Authorization"]);
            Assert.Equal(FakeEcs.AccessKeyId, authorization.Groups["key"].Value);
            Assert.Equal(request.Headers["X-Amz-Date"][..8], authorization.Groups["date"].Value);
            var signed = authorization.Groups["signed"].Value.Split(';');
            Assert.Contains("host", signed);
            Assert.Contains("x-amz-date", signed);
            Assert.Contains("x-amz-target", signed);
            Assert.Contains("content-type", signed);
        });
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_fake_and_the_refusal_is_not_retried()
    {
        await using var scenario = await EcsScenario.StartAsync(credentials: new BasicAWSCredentials(FakeEcs.AccessKeyId, "not-the-secret"));

        var error = await Assert.ThrowsAsync<AgentLaunchException>(() => scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("InvalidSignatureException", error.Message, StringComparison.Ordinal);
        Assert.Equal(403, Assert.Single(scenario.Fake.Requests).Status);
    }

    [Fact]
    public async Task Session_credentials_send_and_sign_their_token()
    {
        await using var scenario = await EcsScenario.StartAsync(credentials: new SessionAWSCredentials(FakeEcs.AccessKeyId, FakeEcs.SecretAccessKey, "session-token-for-tests"));

        await scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None);

        var request = Assert.Single(scenario.Fake.Requests);
        Assert.Equal(200, request.Status);
        Assert.Equal("session-token-for-tests", request.Headers["X-Amz-Security-Token"]);
        Assert.Contains("x-amz-security-token", request.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_credentials_anywhere_is_a_launch_failure_a_person_must_fix_and_nothing_is_sent()
    {
        await using var scenario = await EcsScenario.StartAsync(credentialsSource: new UnavailableAwsCredentialsSource());

        var error = await Assert.ThrowsAsync<AgentLaunchException>(() => scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("no AWS credentials could be resolved", error.Message, StringComparison.Ordinal);
        Assert.Empty(scenario.Fake.Requests);
    }

    [Fact]
    public void Without_credentials_of_its_own_the_launcher_uses_the_SDKs_default_chain()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(EcsOptionsTests.Valid).Build())
            .AddLogging()
            .AddEcsLauncher()
            .BuildServiceProvider();

        Assert.IsType<DefaultAwsCredentialsSource>(services.GetRequiredService<IAwsCredentialsSource>());
        Assert.IsType<EcsLauncher>(services.GetRequiredKeyedService<IAgentLauncher>("ecs"));
        Assert.Equal("ecs", Assert.Single(services.GetServices<IAgentLauncher>()).Name);
    }
}

using System.Text.Json;
using FeedbackFix.Deploy.Constructs;

namespace FeedbackFix.Deploy.Tests;

public sealed class SecretsAndRepositoriesTests(NewVpcStack stack) : IClassFixture<NewVpcStack>
{
    [Fact]
    public void No_secret_value_is_written_in_the_template_so_a_deploy_never_overwrites_what_the_operator_stored()
    {
        Assert.All(stack.ResourcesOfType("AWS::SecretsManager::Secret"), secret =>
        {
            Assert.False(secret.Properties.TryGetProperty("SecretString", out _), $"{secret.LogicalId} has its value in the template");
            Assert.True(secret.Properties.TryGetProperty("GenerateSecretString", out _), $"{secret.LogicalId} has no generated value");
        });
    }

    [Fact]
    public void The_Reddit_secret_starts_with_empty_credentials_so_the_poller_reads_the_public_JSON()
    {
        var reddit = stack.ResourcesOfType("AWS::SecretsManager::Secret")
            .Single(secret => secret.Properties.GetProperty("Name").GetString() == "feedbackfix/reddit").Properties;

        var generated = reddit.GetProperty("GenerateSecretString");
        using var template = JsonDocument.Parse(generated.GetProperty("SecretStringTemplate").GetString()!);
        Assert.Equal("", template.RootElement.GetProperty(AppSecrets.RedditClientIdField).GetString());
        Assert.Equal("", template.RootElement.GetProperty(AppSecrets.RedditClientSecretField).GetString());
        Assert.Equal(AppSecrets.RedditPlaceholderField, generated.GetProperty("GenerateStringKey").GetString());
    }

    [Fact]
    public void Every_image_repository_refuses_to_overwrite_a_tag()
    {
        var repositories = SynthesizedStack.ResourcesOfType(stack.ImagesJson, "AWS::ECR::Repository").ToList();

        Assert.Equal(ServiceNames.Images.Count, repositories.Count);
        Assert.All(repositories, repository => Assert.Equal("IMMUTABLE", repository.Properties.GetProperty("ImageTagMutability").GetString()));
    }
}

namespace FeedbackFix.Deploy.Tests;

/// <summary>One deployment per prefix: the default one keeps the names it has always had, another gets its own.</summary>
public sealed class PrefixTests(NewVpcStack defaultPrefix, OtherPrefixStack otherPrefix) : IClassFixture<NewVpcStack>, IClassFixture<OtherPrefixStack>
{
    [Fact]
    public void The_default_prefix_keeps_the_stacks_and_namespace_an_existing_deployment_has()
    {
        Assert.Equal(("FeedbackFixImages", "FeedbackFix"), (defaultPrefix.Settings.ImagesStackName, defaultPrefix.Stack.StackName));
        Assert.Equal("feedbackfix.internal", NamespaceOf(defaultPrefix));
    }

    [Fact]
    public void Another_prefix_deploys_stacks_a_namespace_and_names_of_its_own()
    {
        Assert.Equal(("FeedbackFixImages-acme", "FeedbackFix-acme"), (otherPrefix.Settings.ImagesStackName, otherPrefix.Stack.StackName));
        Assert.Equal("acme.internal", NamespaceOf(otherPrefix));

        Assert.All(otherPrefix.ResourcesOfType("AWS::SecretsManager::Secret"), secret =>
            Assert.StartsWith("acme/", secret.Properties.GetProperty("Name").GetString(), StringComparison.Ordinal));
        Assert.All(SynthesizedStack.ResourcesOfType(otherPrefix.ImagesJson, "AWS::ECR::Repository"), repository =>
            Assert.StartsWith("acme-", repository.Properties.GetProperty("RepositoryName").GetString(), StringComparison.Ordinal));
        Assert.All(otherPrefix.ResourcesOfType("AWS::ECS::TaskDefinition"), task =>
            Assert.StartsWith("acme-", task.Properties.GetProperty("Family").GetString(), StringComparison.Ordinal));
    }

    private static string? NamespaceOf(SynthesizedStack stack) =>
        Assert.Single(stack.ResourcesOfType("AWS::ServiceDiscovery::HttpNamespace")).Properties.GetProperty("Name").GetString();
}

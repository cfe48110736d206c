using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Constructs;

namespace FeedbackFix.Deploy.Constructs;

/// <summary>One ECR repository per image, <c>{prefix}-{service}</c>, whose tags cannot be pushed twice; kept when the stack goes, with their images.</summary>
public sealed class ContainerRepositories : Construct
{
    public ContainerRepositories(Construct scope, string id, DeploySettings settings) : base(scope, id)
    {
        foreach (var image in ServiceNames.Images)
        {
            new Repository(this, image, new RepositoryProps
            {
                RepositoryName = NameOf(settings, image),
                ImageScanOnPush = true,
                // A release is one tag: ECS pulls {repository}:{imageTag} whenever it starts a task, so
                // a tag pushed again would change what a running release starts mid-way.
                ImageTagMutability = TagMutability.IMMUTABLE,
                RemovalPolicy = RemovalPolicy.RETAIN,
                LifecycleRules = [new LifecycleRule { Description = "Keep the newest 100 images", MaxImageCount = 100 }],
            });
        }
    }

    public static string NameOf(DeploySettings settings, string image) => $"{settings.Prefix}-{image}";
}

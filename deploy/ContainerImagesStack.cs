using Amazon.CDK;
using Constructs;
using FeedbackFix.Deploy.Constructs;

namespace FeedbackFix.Deploy;

/// <summary>The ECR repositories, a stack of their own: deployed first, so images can be pushed before the services need them.</summary>
public sealed class ContainerImagesStack : Stack
{
    public ContainerImagesStack(Construct scope, string id, DeploySettings settings, IStackProps? props = null) : base(scope, id, props)
    {
        new ContainerRepositories(this, "Repositories", settings);
    }
}

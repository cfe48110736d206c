using Amazon.CDK;
using Constructs;
using FeedbackFix.Deploy.Constructs;

namespace FeedbackFix.Deploy;

/// <summary>The whole running system: network, Redis, secrets, the services, the coding agent, the load balancer, autoscaling.</summary>
public sealed class FeedbackFixStack : Stack
{
    public FeedbackFixStack(Construct scope, string id, DeploySettings settings, IStackProps? props = null) : base(scope, id, props)
    {
        settings = settings with { ImageTag = settings.ImageTag ?? ImageTagParameter() };
        Network = new Network(this, "Network", settings);
        Secrets = new AppSecrets(this, "Secrets", settings);
        Redis = new Constructs.Redis(this, "Redis", settings, Network);
        Agent = new CodingAgent(this, "CodingAgent", settings, Network, Secrets);
        Services = new AppServices(this, "Services", settings, Network, Redis, Secrets, Agent);
        LoadBalancer = new PublicLoadBalancer(this, "Public", settings, Network, Services, settings.CertificateArn ?? CertificateParameter());
        new Autoscaling(this, "Autoscaling", settings, Services, LoadBalancer);
    }

    public Network Network { get; }

    public AppSecrets Secrets { get; }

    public Constructs.Redis Redis { get; }

    public CodingAgent Agent { get; }

    public AppServices Services { get; }

    public PublicLoadBalancer LoadBalancer { get; }

    /// <summary>
    /// Without the context value the images' tag is asked for at deploy time (<c>--parameters ImageTag=...</c>);
    /// no default, so a first deploy without one is refused rather than pulling a tag nobody pushed (an
    /// update without one: docs/deploy.md, "Container images").
    /// </summary>
    private string ImageTagParameter() => new CfnParameter(this, "ImageTag", new CfnParameterProps
    {
        Type = "String",
        Description = "The tag the service and agent images were pushed with (the same for all of them)",
        AllowedPattern = DeploySettings.ImageTagPattern,
    }).ValueAsString;

    /// <summary>Without the context value the certificate is asked for at deploy time, so synthesis needs nothing.</summary>
    private string CertificateParameter() => new CfnParameter(this, "CertificateArn", new CfnParameterProps
    {
        Type = "String",
        Description = "ARN of the ACM certificate for the HTTPS listener (covers the API's and the dashboard's host names)",
        AllowedPattern = "^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$",
    }).ValueAsString;
}

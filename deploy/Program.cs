using Amazon.CDK;
using FeedbackFix.Deploy;

var app = new App(new AppProps { Outdir = System.Environment.GetEnvironmentVariable("CDK_OUTDIR") ?? "cdk.out" });
var settings = DeploySettings.FromContext(app.Node);
var environment = new Amazon.CDK.Environment
{
    Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT"),
    Region = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION"),
};

new ContainerImagesStack(app, settings.ImagesStackName, settings, new StackProps { Env = environment });
new FeedbackFixStack(app, settings.StackName, settings, new StackProps { Env = environment });
app.Synth();

using System.Text.Json;

namespace FeedbackFix.Deploy.Tests;

/// <summary>The images' tag: no default, since tags are immutable and each names a release.</summary>
public sealed class ImageTagTests(NewVpcStack withoutTag, ExistingVpcStack withTag) : IClassFixture<NewVpcStack>, IClassFixture<ExistingVpcStack>
{
    [Fact]
    public void Without_a_tag_in_the_context_every_image_is_pulled_by_the_ImageTag_parameter_which_has_no_default()
    {
        var parameter = withoutTag.Json.RootElement.GetProperty("Parameters").GetProperty("ImageTag");

        Assert.False(parameter.TryGetProperty("Default", out _));
        Assert.Equal(DeploySettings.ImageTagPattern, parameter.GetProperty("AllowedPattern").GetString());
        var containers = withoutTag.Containers().ToList();
        Assert.Equal(ServiceNames.Services.Count + 1, containers.Count);
        Assert.All(containers, c => Assert.Contains("{\"Ref\":\"ImageTag\"}", Image(c.Container), StringComparison.Ordinal));
        Assert.DoesNotContain(containers, c => Image(c.Container).Contains(":latest", StringComparison.Ordinal));
    }

    [Fact]
    public void With_a_tag_in_the_context_every_image_is_pulled_by_it_and_none_is_asked_for()
    {
        var parameters = withTag.Json.RootElement.TryGetProperty("Parameters", out var found) ? found.EnumerateObject().Select(p => p.Name) : [];

        Assert.DoesNotContain("ImageTag", parameters);
        Assert.All(withTag.Containers(), c => Assert.Contains($":{ExistingVpcStack.ImageTag}", Image(c.Container), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    [InlineData("a/b")]
    public void A_tag_ECR_would_not_take_is_refused_naming_the_context_key(string tag)
    {
        var app = new Amazon.CDK.App(new Amazon.CDK.AppProps { Context = new Dictionary<string, object>(SynthesizedStack.RequiredContext()) { ["imageTag"] = tag } });

        var error = Assert.Throws<ArgumentException>(() => DeploySettings.FromContext(app.Node));

        Assert.Contains("'imageTag'", error.Message, StringComparison.Ordinal);
    }

    // The image as the template writes it: a join of the repository's address and the tag.
    private static string Image(JsonElement container) => JsonSerializer.Serialize(container.GetProperty("Image"));
}

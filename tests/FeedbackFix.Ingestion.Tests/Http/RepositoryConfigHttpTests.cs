using System.Net;
using System.Net.Http.Json;
using FeedbackFix.Ingestion.Tests.Support;

namespace FeedbackFix.Ingestion.Tests.Http;

[Collection(IngestionAppCollection.Name)]
public sealed class RepositoryConfigHttpTests(IngestionApp app)
{
    private const string Path = "/config/repositories";
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_put_mapping_is_read_back_whole_with_lower_case_keys_and_a_new_ETag()
    {
        var before = await _client.GetAsync(Path);

        var put = await _client.PutAsJsonAsync(Path, new
        {
            github = new Dictionary<string, string> { ["Acme/Feedback"] = "https://github.com/acme/app" },
            sentry = new Dictionary<string, string> { ["web-frontend"] = "https://github.com/acme/web" },
            reddit = new Dictionary<string, string> { ["AcmeApp"] = "https://github.com/acme/app" },
        });
        var read = await _client.GetAsync(Path);
        var body = await HttpAssert.JsonAsync(read, HttpStatusCode.OK);

        await HttpAssert.JsonAsync(put, HttpStatusCode.OK);
        Assert.NotEqual(before.Headers.ETag, read.Headers.ETag);
        Assert.Equal(put.Headers.ETag, read.Headers.ETag);
        Assert.Equal("https://github.com/acme/app", body.GetProperty("github").GetProperty("acme/feedback").GetString());
        Assert.Equal("https://github.com/acme/web", body.GetProperty("sentry").GetProperty("web-frontend").GetString());
        Assert.Equal("https://github.com/acme/app", body.GetProperty("reddit").GetProperty("acmeapp").GetString());
    }

    [Fact]
    public async Task A_repository_that_is_not_a_GitHub_repository_address_is_400_naming_its_entry()
    {
        var put = await _client.PutAsJsonAsync(Path, new
        {
            sentry = new Dictionary<string, string> { ["web"] = "https://gitlab.com/acme/web" },
        });

        await HttpAssert.ProblemAsync(put, HttpStatusCode.BadRequest, "sentry.web");
    }

    [Fact]
    public async Task A_source_the_mapping_does_not_have_is_400_naming_it_and_the_stored_mapping_stays()
    {
        var kept = await _client.PutAsJsonAsync(Path, new { github = new Dictionary<string, string> { ["acme/kept"] = "https://github.com/acme/kept" } });
        await HttpAssert.JsonAsync(kept, HttpStatusCode.OK);

        var put = await _client.PutAsJsonAsync(Path, new { githb = new Dictionary<string, string> { ["acme/app"] = "https://github.com/acme/app" } });

        var problem = await HttpAssert.ProblemAsync(put, HttpStatusCode.BadRequest, "githb");
        Assert.Contains("not one", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var read = await HttpAssert.JsonAsync(await _client.GetAsync(Path), HttpStatusCode.OK);
        Assert.Equal("https://github.com/acme/kept", read.GetProperty("github").GetProperty("acme/kept").GetString());
    }

    [Fact]
    public async Task A_key_that_is_not_the_sources_own_name_is_400_naming_its_entry()
    {
        var put = await _client.PutAsJsonAsync(Path, new
        {
            reddit = new Dictionary<string, string> { ["r/not a sub"] = "https://github.com/acme/app" },
        });

        await HttpAssert.ProblemAsync(put, HttpStatusCode.BadRequest, "reddit.r/not a sub");
    }

    [Fact]
    public async Task A_put_with_an_outdated_If_Match_is_412_and_changes_nothing()
    {
        var first = await _client.PutAsJsonAsync(Path, new { sentry = new Dictionary<string, string> { ["one"] = "https://github.com/acme/one" } });
        var staleTag = first.Headers.ETag!.Tag;
        await _client.PutAsJsonAsync(Path, new { sentry = new Dictionary<string, string> { ["two"] = "https://github.com/acme/two" } });

        using var late = new HttpRequestMessage(HttpMethod.Put, Path) { Content = JsonContent.Create(new { sentry = new Dictionary<string, string>() }) };
        late.Headers.TryAddWithoutValidation("If-Match", staleTag);
        var answer = await _client.SendAsync(late);
        var read = await HttpAssert.JsonAsync(await _client.GetAsync(Path), HttpStatusCode.OK);

        await HttpAssert.ProblemAsync(answer, HttpStatusCode.PreconditionFailed);
        Assert.Equal("https://github.com/acme/two", read.GetProperty("sentry").GetProperty("two").GetString());
    }

    [Fact]
    public async Task A_put_with_the_current_If_Match_is_applied()
    {
        var current = (await _client.GetAsync(Path)).Headers.ETag!.Tag;

        using var request = new HttpRequestMessage(HttpMethod.Put, Path) { Content = JsonContent.Create(new { reddit = new Dictionary<string, string> { ["dotnet"] = "https://github.com/dotnet/runtime" } }) };
        request.Headers.TryAddWithoutValidation("If-Match", current);
        var answer = await _client.SendAsync(request);

        await HttpAssert.JsonAsync(answer, HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_malformed_If_Match_is_400_naming_the_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Path) { Content = JsonContent.Create(new { }) };
        request.Headers.TryAddWithoutValidation("If-Match", "version-3");

        await HttpAssert.ProblemAsync(await _client.SendAsync(request), HttpStatusCode.BadRequest, "If-Match");
    }
}

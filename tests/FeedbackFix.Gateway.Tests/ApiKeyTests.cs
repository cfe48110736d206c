using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.Gateway.Tests;

/// <summary>Named API keys at the real gateway in front of a loopback backend: scopes, buckets, revocation, what is logged.</summary>
public sealed class ApiKeyTests(EchoBackend backend) : IClassFixture<EchoBackend>
{
    private const string ReaderKey = "reader-key-0123456789abcdef";
    private const string WriterKey = "writer-key-0123456789abcdef";
    private const string OpsKey = "ops-key-0123456789abcdef";
    private const string AdminKey = "admin-key-0123456789abcdef";

    [Fact]
    public async Task Two_keys_have_separate_buckets_one_at_its_limit_gets_429_and_the_other_is_unaffected()
    {
        await using var gateway = Gateway(new()
        {
            ["Gateway:RateLimit:PermitsPerSecond"] = "1",
            ["Gateway:RateLimit:Burst"] = "2",
        });
        var busy = gateway.CreateClientWithKey(WriterKey);
        var quiet = gateway.CreateClientWithKey(ReaderKey);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await busy.GetAsync("/stats")).StatusCode);
        }
        var other = await quiet.GetAsync("/stats");
        var legacy = await gateway.CreateClientWithKey().GetAsync("/stats");

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
    }

    [Fact]
    public async Task A_read_scope_key_gets_200_on_GET_and_HEAD_and_403_on_POST_which_is_not_forwarded()
    {
        await using var gateway = Gateway();
        var client = gateway.CreateClientWithKey(ReaderKey);
        var postPath = $"/ingest/manual?n={Guid.NewGuid():N}";

        var get = await client.GetAsync($"/feedback?n={Guid.NewGuid():N}");
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/stats?n={Guid.NewGuid():N}"));
        var post = await client.PostAsync(postPath, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
        var detail = await DetailAsync(post);
        Assert.Contains("'reader'", detail, StringComparison.Ordinal);
        Assert.Contains("ReadWrite", detail, StringComparison.Ordinal);
        Assert.False(backend.Saw(postPath));
    }

    [Fact]
    public async Task A_read_write_key_may_post_but_not_run_clustering_401_without_an_admin_key_as_before()
    {
        await using var gateway = Gateway();
        var client = gateway.CreateClientWithKey(WriterKey);
        var postPath = $"/ingest/manual?n={Guid.NewGuid():N}";
        var runPath = $"/clustering/run?n={Guid.NewGuid():N}";

        var post = await client.PostAsync(postPath, new StringContent("{}", Encoding.UTF8, "application/json"));
        var run = await client.PostAsync(runPath, null);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, run.StatusCode);
        Assert.Contains("Admin", await DetailAsync(run), StringComparison.Ordinal);
        Assert.False(backend.Saw(runPath));
    }

    [Fact]
    public async Task An_admin_scope_key_runs_clustering_and_the_service_gets_the_admin_key_from_the_gateway()
    {
        await using var gateway = Gateway();
        var runPath = $"/clustering/run?n={Guid.NewGuid():N}";

        var run = await gateway.CreateClientWithKey(OpsKey).PostAsync(runPath, null);

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal(AdminKey, backend.Received.Single(r => r.PathAndQuery == runPath).AdminKey);
    }

    [Fact]
    public async Task The_admin_key_works_as_before_beside_an_api_key_and_alone_as_an_admin_scope_key()
    {
        await using var gateway = Gateway();
        var besidePath = $"/clustering/run?n={Guid.NewGuid():N}";
        var alonePath = $"/clustering/run?n={Guid.NewGuid():N}";
        var beside = gateway.CreateClientWithKey(WriterKey);
        beside.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);

        var besideRun = await beside.PostAsync(besidePath, null);
        var aloneRun = await gateway.CreateClientWithKey(AdminKey).PostAsync(alonePath, null);

        Assert.Equal(HttpStatusCode.OK, besideRun.StatusCode);
        Assert.Equal(HttpStatusCode.OK, aloneRun.StatusCode);
        Assert.Equal(AdminKey, backend.Received.Single(r => r.PathAndQuery == besidePath).AdminKey);
        Assert.Equal(AdminKey, backend.Received.Single(r => r.PathAndQuery == alonePath).AdminKey);
    }

    [Fact]
    public async Task A_wrong_admin_key_grants_nothing_and_a_client_sent_admin_key_is_never_forwarded()
    {
        await using var gateway = Gateway();
        var client = gateway.CreateClientWithKey(WriterKey);
        client.DefaultRequestHeaders.Add("X-Admin-Key", "forged-admin-key-0123456789");
        var runPath = $"/clustering/run?n={Guid.NewGuid():N}";
        var otherPath = $"/clusters/c-1?n={Guid.NewGuid():N}";

        var run = await client.PostAsync(runPath, null);
        var other = await client.GetAsync(otherPath);

        Assert.Equal(HttpStatusCode.Forbidden, run.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("", backend.Received.Single(r => r.PathAndQuery == otherPath).AdminKey);
    }

    [Fact]
    public async Task The_services_are_told_the_keys_name_as_the_caller_and_never_a_name_the_client_sent()
    {
        await using var gateway = Gateway();
        var client = gateway.CreateClientWithKey(WriterKey);
        client.DefaultRequestHeaders.Add("X-FeedbackFix-Caller", "someone-else");
        client.DefaultRequestHeaders.Add("X-FeedbackFix-On-Behalf-Of", "ada@example.com");
        var path = $"/clusters/c-1/merge?n={Guid.NewGuid():N}";

        var response = await client.PostAsync(path, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var forwarded = backend.Received.Single(r => r.PathAndQuery == path);
        Assert.Equal(("writer", "ada@example.com"), (forwarded.Caller, forwarded.OnBehalfOf));
    }

    [Fact]
    public async Task The_services_never_see_the_clients_api_key_on_a_key_route_or_an_anonymous_one()
    {
        await using var gateway = Gateway();
        var client = gateway.CreateClientWithKey(WriterKey);
        var keyed = $"/clusters/c-1?n={Guid.NewGuid():N}";
        var anonymous = $"/jobs/job-1?n={Guid.NewGuid():N}";

        var keyedResponse = await client.GetAsync(keyed);
        var anonymousResponse = await client.PatchAsync(anonymous, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, keyedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anonymousResponse.StatusCode);
        var forwarded = backend.Received.Single(r => r.PathAndQuery == keyed);
        Assert.Equal("writer", forwarded.Caller);
        Assert.False(forwarded.HadApiKey);
        Assert.False(backend.Received.Single(r => r.PathAndQuery == anonymous).HadApiKey);
        Assert.DoesNotContain(
            backend.Received.Where(r => r.PathAndQuery == keyed || r.PathAndQuery == anonymous).SelectMany(r => r.Headers.Values),
            value => value.Contains(WriterKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_removed_from_configuration_is_refused_with_401_and_the_others_keep_working()
    {
        var keys = new MutableSettings(KeySettings());
        await using var gateway = new GatewayFactory(backend.Url, Services(), web => web.ConfigureAppConfiguration(c => c.Add(keys)));
        var revoked = gateway.CreateClientWithKey(WriterKey);
        var kept = gateway.CreateClientWithKey(ReaderKey);
        var before = await revoked.GetAsync("/stats");

        keys.RemoveUnder("Gateway:ApiKeys:writer");
        var after = await revoked.GetAsync("/stats");
        var other = await kept.GetAsync("/stats");
        var legacy = await gateway.CreateClientWithKey().GetAsync("/stats");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
    }

    [Fact]
    public async Task A_key_configured_by_its_SHA_256_is_accepted_and_another_is_not()
    {
        const string hashedKey = "hashed-key-0123456789abcdef";
        await using var gateway = Gateway(new()
        {
            ["Gateway:ApiKeys:hashed:KeyHash"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(hashedKey))),
            ["Gateway:ApiKeys:hashed:Scope"] = "Read",
        });

        var accepted = await gateway.CreateClientWithKey(hashedKey).GetAsync("/stats");
        var refused = await gateway.CreateClientWithKey(hashedKey + "x").GetAsync("/stats");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_single_Gateway_ApiKey_setting_still_works_as_a_read_write_key()
    {
        await using var gateway = new GatewayFactory(backend.Url);
        var client = gateway.CreateClientWithKey();

        var post = await client.PostAsync($"/ingest/manual?n={Guid.NewGuid():N}", new StringContent("{}", Encoding.UTF8, "application/json"));
        var get = await client.GetAsync("/stats");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task Logs_and_traces_carry_the_key_name_and_never_the_key()
    {
        var name = "caller" + Guid.NewGuid().ToString("N")[..8];
        var key = "secret-" + Guid.NewGuid().ToString("N");
        var logs = new LogCollector();
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var gateway = new GatewayFactory(backend.Url, new Dictionary<string, string?>
        {
            [$"Gateway:ApiKeys:{name}:Key"] = key,
            [$"Gateway:ApiKeys:{name}:Scope"] = "Read",
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Yarp"] = "Debug",
        }, web => web.ConfigureLogging(logging => logging.AddProvider(logs)));
        var client = gateway.CreateClientWithKey(key);

        var get = await client.GetAsync($"/stats?n={Guid.NewGuid():N}");
        var post = await client.PostAsync($"/ingest/manual?n={Guid.NewGuid():N}", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        var records = logs.Entries.ToList();
        Assert.Contains(records, r => r.Message.Contains(name, StringComparison.Ordinal) && r.Category.Contains("ScopeRefusal", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Category.Contains("ScopeRefusal", StringComparison.Ordinal) && r.Scopes.Contains(new("ApiKeyName", name)));
        Assert.DoesNotContain(records, r => r.Text.Contains(key, StringComparison.Ordinal) || r.Scopes.Any(s => s.Value.Contains(key, StringComparison.Ordinal)));
        var tagged = activities.Where(a => a.GetTagItem("feedbackfix.api_key.name") as string == name).ToList();
        Assert.Equal(2, tagged.Count);
        Assert.DoesNotContain(activities, a => a.TagObjects.Any(t => t.Value?.ToString()?.Contains(key, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task An_admin_scope_key_without_the_admin_key_configured_stops_the_start_naming_the_setting()
    {
        await using var gateway = new GatewayFactory(backend.Url, new Dictionary<string, string?>
        {
            ["Gateway:ApiKeys:ops:Key"] = OpsKey,
            ["Gateway:ApiKeys:ops:Scope"] = "Admin",
        });

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("Gateway:AdminKey", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_key_shorter_than_16_characters_stops_the_start_naming_it()
    {
        await using var gateway = new GatewayFactory(backend.Url, new Dictionary<string, string?> { ["Gateway:ApiKeys:short:Key"] = "too-short" });

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("Gateway:ApiKeys:short:Key", error.ToString(), StringComparison.Ordinal);
    }

    private GatewayFactory Gateway(Dictionary<string, string?>? extra = null)
    {
        var settings = Services();
        foreach (var (key, value) in KeySettings().Concat(extra ?? []))
        {
            settings[key] = value;
        }
        return new GatewayFactory(backend.Url, settings);
    }

    private Dictionary<string, string?> Services() => new() { ["services:clustering:http:0"] = backend.Url };

    private static Dictionary<string, string?> KeySettings() => new()
    {
        ["Gateway:ApiKeys:reader:Key"] = ReaderKey,
        ["Gateway:ApiKeys:reader:Scope"] = "Read",
        ["Gateway:ApiKeys:writer:Key"] = WriterKey,
        ["Gateway:ApiKeys:writer:Scope"] = "ReadWrite",
        ["Gateway:ApiKeys:ops:Key"] = OpsKey,
        ["Gateway:ApiKeys:ops:Scope"] = "Admin",
        ["Gateway:AdminKey"] = AdminKey,
    };

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString() ?? "";
    }
}

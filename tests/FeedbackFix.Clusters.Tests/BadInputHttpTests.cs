using System.Net;
using System.Text;

namespace FeedbackFix.Clusters.Tests;

/// <summary>Bad input: a problem-details answer naming the field, and nothing stored changes.</summary>
public sealed class BadInputHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    private const string Json = "application/json";

    public static TheoryData<string, string, string?, string?, int, string?> Cases => new()
    {
        // method, path ({cluster} = a seeded cluster, {unknown} = a valid unseen id), content type, body, status, field
        { "PATCH", "/clusters/{cluster}", Json, """{"title": """, 400, null },
        { "PATCH", "/clusters/{cluster}", Json, """{"title": 5}""", 400, "title" },
        { "PATCH", "/clusters/{cluster}", "text/plain", "title=x", 415, null },
        { "PATCH", "/clusters/{cluster}", Json, "{}", 400, "body" },
        { "PATCH", "/clusters/{cluster}", Json, """{"status":"done"}""", 400, "status" },
        { "PATCH", "/clusters/{cluster}", Json, """{"status":"New!"}""", 400, "status" },
        { "PATCH", "/clusters/{cluster}", Json, """{"title":"  "}""", 400, "title" },
        { "PATCH", "/clusters/{cluster}", Json, "{\"title\":\"" + new string('x', 301) + "\"}", 400, "title" },
        { "PATCH", "/clusters/{cluster}", Json, "{\"summary\":\"" + new string('x', 5001) + "\"}", 400, "summary" },
        { "PATCH", "/clusters/{cluster}", Json, "{\"issue_description\":\"" + new string('x', 20_001) + "\"}", 400, "issue_description" },
        { "PATCH", "/clusters/{cluster}", Json, """{"github_repo_url":"https://github.com/acme/app/tree/main"}""", 400, "github_repo_url" },
        { "PATCH", "/clusters/{cluster}", Json, """{"title":"hi\u0000\u202eevil"}""", 400, "title" },
        { "PATCH", "/clusters/{cluster}", Json, """{"summary":"line\u001b[31m red"}""", 400, "summary" },
        { "PATCH", "/clusters/{cluster}", Json, """{"issue_title":"a\u2066b"}""", 400, "issue_title" },
        { "PATCH", "/clusters/{cluster}", Json, """{"issue_description":"x\u0085y"}""", 400, "issue_description" },
        { "PATCH", "/clusters/{cluster}", Json, """{"title":"\u200b\u2060"}""", 400, "title" },
        { "PATCH", "/clusters/{cluster}", Json, """{"issue_title":" \ufeff "}""", 400, "issue_title" },
        { "POST", "/clusters", Json, """{"feedback_ids":["{unknown}"],"title":"hi\u202eevil"}""", 400, "title" },
        { "POST", "/clusters", Json, """{"feedback_ids":["{unknown}"],"title":"\u200b"}""", 400, "title" },
        { "PATCH", "/clusters/bad!id", Json, """{"title":"x"}""", 400, "id" },
        { "PATCH", "/clusters/{unknown}", Json, """{"title":"x"}""", 404, null },
        { "GET", "/clusters?status=open", null, null, 400, "status" },
        { "GET", "/clusters?cursor=garbage", null, null, 400, "cursor" },
        { "GET", "/clusters?limit=0", null, null, 400, "limit" },
        { "GET", "/clusters?limit=201", null, null, 400, "limit" },
        { "GET", "/clusters?q=%20%20", null, null, 400, "q" },
        { "GET", "/clusters?q=" + new string('x', 201), null, null, 400, "q" },
        { "GET", "/clusters?min_size=0", null, null, 400, "min_size" },
        { "GET", "/clusters?min_size=-1", null, null, 400, "min_size" },
        { "GET", "/clusters?min_size=2.5", null, null, 400, "min_size" },
        { "GET", "/clusters?min_size=two", null, null, 400, "min_size" },
        { "GET", "/clusters?sort=newest", null, null, 400, "sort" },
        { "GET", "/clusters?sort=LastSeen", null, null, 400, "sort" },
        { "GET", "/clusters?sort=size&min_size=x&q=%20", null, null, 400, "min_size" },
        { "GET", "/clusters/{cluster}?items_cursor=zzz", null, null, 400, "items_cursor" },
        { "GET", "/clusters/{cluster}?items_limit=abc", null, null, 400, "items_limit" },
        { "GET", "/clusters/" + new string('a', 65), null, null, 400, "id" },
        { "GET", "/clusters/{unknown}", null, null, 404, null },
        { "GET", "/clusters/{unknown}/jobs", null, null, 404, null },
        { "GET", "/clusters/{cluster}/jobs?cursor=nope", null, null, 400, "cursor" },
        { "POST", "/clusters/{cluster}/start_fix", "text/plain", "repo", 415, null },
        { "POST", "/clusters/{cluster}/start_fix", Json, """{"github_repo_url":"http://github.com/acme/app"}""", 400, "github_repo_url" },
        { "POST", "/clusters/{cluster}/start_fix", Json, """{"github_repo_url":["x"]}""", 400, "github_repo_url" },
        { "POST", "/clusters/{cluster}/start_fix", Json, """{"instructions":" \n "}""", 400, "instructions" },
        { "POST", "/clusters/{cluster}/start_fix", Json, "{\"instructions\":\"" + new string('x', 4_001) + "\"}", 400, "instructions" },
        { "POST", "/clusters/{cluster}/start_fix", Json, """{"instructions":42}""", 400, "instructions" },
        { "POST", "/clusters/{cluster}/start_fix", Json, """{"instructions":"fix it\u0007"}""", 400, "instructions" },
        { "POST", "/clusters/bad.id/start_fix", null, null, 400, "id" },
        { "POST", "/clusters/{unknown}/start_fix", null, null, 404, null },
        { "POST", "/jobs", Json, "{}", 400, "cluster_id" },
        { "POST", "/jobs", Json, """{"cluster_id":"no spaces"}""", 400, "cluster_id" },
        { "POST", "/jobs", Json, """{"cluster_id":"{cluster}","github_repo_url":"https://github.com/acme"}""", 400, "github_repo_url" },
        { "POST", "/jobs", Json, """{"cluster_id":"{unknown}"}""", 404, null },
        { "POST", "/jobs", "text/plain", "cluster", 415, null },
        { "GET", "/jobs?status=done", null, null, 400, "status" },
        { "GET", "/jobs?limit=-5", null, null, 400, "limit" },
        { "GET", "/jobs/bad!id", null, null, 400, "id" },
        { "GET", "/jobs/{unknown}", null, null, 404, null },
        { "POST", "/jobs/bad!id/cancel", null, null, 400, "id" },
        { "PATCH", "/jobs/bad!id", Json, "{}", 400, "id" },
        { "GET", "/jobs/{unknown}/logs?after=abc", null, null, 400, "after" },
        { "GET", "/jobs/{unknown}/logs?after=99999999999999999999-0", null, null, 400, "after" },
        { "GET", "/jobs/{unknown}/logs?after=1-18446744073709551616", null, null, 400, "after" },
        { "GET", "/jobs/{unknown}/logs?after=18446744073709551615-18446744073709551615", null, null, 400, "after" },
        { "GET", "/jobs/{unknown}/logs?limit=1001", null, null, 400, "limit" },
        { "GET", "/jobs/{unknown}/logs?follow=maybe", null, null, 400, "follow" },
        { "GET", "/jobs/{unknown}/logs", null, null, 404, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_problem_naming_the_field_and_changes_nothing(
        string method, string path, string? contentType, string? body, int status, string? field)
    {
        var cluster = await app.SeedClusterAsync();
        var unknown = Guid.NewGuid().ToString("N");
        var before = await SnapshotAsync(cluster.Id);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{cluster}", cluster.Id).Replace("{unknown}", unknown));
        if (body is not null)
        {
            request.Content = new StringContent(body.Replace("{cluster}", cluster.Id).Replace("{unknown}", unknown), Encoding.UTF8, contentType!);
        }

        var response = await app.Client.SendAsync(request);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        if (field is not null)
        {
            Assert.True(problem["errors"]?.AsObject().ContainsKey(field), $"errors should name '{field}': {problem.ToJsonString()}");
        }
        Assert.Equal(before, await SnapshotAsync(cluster.Id));
    }

    /// <summary>The cluster's hash and the job indexes, as text, to compare before and after.</summary>
    private async Task<string> SnapshotAsync(string clusterId)
    {
        var db = app.Redis.Connection.GetDatabase();
        var hash = await db.HashGetAllAsync($"cluster:{clusterId}");
        var jobs = await db.SortedSetLengthAsync("jobs:all");
        var queue = await db.KeyExistsAsync("stream:jobs") ? await db.StreamLengthAsync("stream:jobs") : 0;
        return string.Join(";", hash.OrderBy(h => h.Name.ToString(), StringComparer.Ordinal).Select(h => $"{h.Name}={h.Value}"))
            + $"|jobs={jobs}|queue={queue}";
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FeedbackFix.Clusters.Tests;

public sealed class JobLogsHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    [Fact]
    public async Task Appended_lines_read_back_in_order_and_page_with_after()
    {
        var (jobId, token, _) = await app.SeedManualJobAsync();
        await Report(jobId, token, """{"status":"running","logs":["one","two"]}""");
        await Report(jobId, token, """{"log":"three"}""");

        var first = await app.Client.GetFromJsonAsync<JsonObject>($"/jobs/{jobId}/logs?limit=2");
        var after = first!["next_after"]!.GetValue<string>();
        var rest = await app.Client.GetFromJsonAsync<JsonObject>($"/jobs/{jobId}/logs?after={after}");

        Assert.Equal(["one", "two"], first["lines"]!.AsArray().Select(l => l!["line"]!.GetValue<string>()));
        Assert.Equal(["three"], rest!["lines"]!.AsArray().Select(l => l!["line"]!.GetValue<string>()));
        Assert.Null(rest["next_after"]);
        Assert.NotNull(rest["lines"]![0]!["time"]);
        Assert.Equal(after, first["lines"]![1]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Logs_of_an_unknown_job_are_404()
    {
        var response = await app.Client.GetAsync($"/jobs/{Guid.NewGuid():N}/logs");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Follow_streams_existing_and_new_lines_and_ends_when_the_job_ends()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (jobId, token, _) = await app.SeedManualJobAsync();
        await Report(jobId, token, """{"status":"running","logs":["cloning","building"]}""");

        using var response = await app.Client.GetAsync($"/jobs/{jobId}/logs?follow=true", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var early = new[] { await ReadEventAsync(reader, timeout.Token), await ReadEventAsync(reader, timeout.Token) };
        await Report(jobId, token, """{"logs":["testing"]}""");
        await Report(jobId, token, """{"status":"succeeded","log":"done","pr_url":"https://github.com/acme/app/pull/1"}""");
        var rest = new List<(string? Id, string Data)>();
        while (await ReadEventAsync(reader, timeout.Token) is { } next)
        {
            rest.Add(next);
        }

        Assert.Equal(["cloning", "building"], early.Select(e => e!.Value.Data));
        Assert.Equal(["testing", "done"], rest.Select(e => e.Data));
        var stored = await app.Jobs.GetLogsAsync(jobId, null, 10);
        Assert.Equal(stored.Select(l => l.Id), early.Select(e => e!.Value.Id).Concat(rest.Select(e => e.Id)));
    }

    [Fact]
    public async Task Follow_resumes_after_the_last_event_id()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (jobId, token, _) = await app.SeedManualJobAsync();
        await Report(jobId, token, """{"status":"running","logs":["a","b","c"]}""");
        await Report(jobId, token, """{"status":"failed"}""");
        var lines = await app.Jobs.GetLogsAsync(jobId, null, 10);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/jobs/{jobId}/logs?follow=true");
        request.Headers.Add("Last-Event-ID", lines[0].Id);
        using var response = await app.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = new List<string>();
        while (await ReadEventAsync(reader, timeout.Token) is { } next)
        {
            events.Add(next.Data);
        }

        Assert.Equal(["b", "c"], events);
    }

    private async Task Report(string jobId, string token, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/jobs/{jobId}") { Content = ClustersApp.Json(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await app.Client.SendAsync(request)).EnsureSuccessStatusCode();
    }

    /// <summary>The next server-sent event, or null when the stream ended.</summary>
    private static async Task<(string? Id, string Data)?> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? id = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    return (id, string.Join('\n', data));
                }
                continue;
            }
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line[6..]);
            }
        }
        return null;
    }
}

using System.Text.Json;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Contracts.Tests;

public sealed class ApiJsonTests
{
    private enum Colour
    {
        DarkBlue,
    }

    private sealed record Item(string DisplayName, Colour Colour);

    [Fact]
    public void Api_json_is_snake_case_with_string_enums()
    {
        var json = JsonSerializer.Serialize(new Item("x", Colour.DarkBlue), ApiJson.Options);

        Assert.Equal("{\"display_name\":\"x\",\"colour\":\"dark_blue\"}", json);
    }

    [Fact]
    public void A_contract_enum_is_written_by_its_snake_case_name_even_without_the_api_options()
    {
        var json = JsonSerializer.Serialize(ClusterStatus.Fixing);

        Assert.Equal("\"fixing\"", json);
    }

    [Fact]
    public void Times_are_written_as_utc_with_milliseconds_and_a_z()
    {
        var json = JsonSerializer.Serialize(new JobLogLine("1-0", new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.FromHours(2)), "x"), ApiJson.Options);

        Assert.Contains("\"time\":\"2026-12-03T08:00:00.000Z\"", json);
    }

    [Fact]
    public void A_cluster_detail_is_the_cluster_fields_and_its_page_in_one_object_and_reads_back()
    {
        var cluster = new IssueCluster
        {
            Id = "c1", Title = "CSV export", Summary = "s", Status = ClusterStatus.New,
            CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, Size = 2,
        };

        var json = JsonSerializer.Serialize(new ClusterDetailResponse(cluster, [], "next"), ApiJson.Options);
        var read = JsonSerializer.Deserialize<ClusterDetailResponse>(json, ApiJson.Options)!;

        using var document = JsonDocument.Parse(json);
        Assert.Equal("c1", document.RootElement.GetProperty("id").GetString());
        Assert.Equal("next", document.RootElement.GetProperty("items_next_cursor").GetString());
        Assert.Equal(("CSV export", 2L, "next"), (read.Title, read.Size, read.ItemsNextCursor));
    }

    [Fact]
    public void A_manual_job_answer_is_the_job_fields_and_its_token_in_one_object()
    {
        var job = new AgentJob
        {
            Id = "j1", ClusterId = "c1", Status = JobStatus.Queued, Attempt = 1, Launcher = "manual",
            RepoUrl = "https://github.com/acme/app", CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
        };

        using var document = JsonDocument.Parse(JsonSerializer.Serialize(new ManualJobResponse(job, "secret"), ApiJson.Options));

        Assert.Equal(("j1", "queued", "secret"), (
            document.RootElement.GetProperty("id").GetString(),
            document.RootElement.GetProperty("status").GetString(),
            document.RootElement.GetProperty("token").GetString()));
    }
}

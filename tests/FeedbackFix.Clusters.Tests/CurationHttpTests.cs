using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;

namespace FeedbackFix.Clusters.Tests;

public sealed class CurationHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    [Fact]
    public async Task Merge_answers_with_the_target_and_the_merged_away_id_resolves_to_it_listing_merged_from()
    {
        var target = await app.SeedClusterAsync(items: 2);
        var source = await app.SeedClusterAsync(items: 1);

        var response = await app.Client.PostAsJsonAsync($"/clusters/{source.Id}/merge", new { into = target.Id });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var merged = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal((target.Id, 3), (merged["id"]!.GetValue<string>(), merged["size"]!.GetValue<int>()));
        var resolved = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{source.Id}");
        Assert.Equal(target.Id, resolved!["id"]!.GetValue<string>());
        Assert.Equal([source.Id], resolved["merged_from"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task The_items_of_a_merged_away_id_page_on_through_the_cluster_it_went_into()
    {
        var target = await app.SeedClusterAsync(items: 2);
        var source = await app.SeedClusterAsync(items: 1);
        (await app.Client.PostAsJsonAsync($"/clusters/{source.Id}/merge", new { into = target.Id })).EnsureSuccessStatusCode();

        var first = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{source.Id}?items_limit=2");
        var cursor = first!["items_next_cursor"]!.GetValue<string>();
        var second = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{source.Id}?items_limit=2&items_cursor={cursor}");

        var ids = first["items"]!.AsArray().Concat(second!["items"]!.AsArray()).Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Null(second["items_next_cursor"]);
    }

    [Fact]
    public async Task Paging_the_items_of_a_cluster_merged_between_two_pages_goes_on_through_the_cluster_it_went_into()
    {
        var target = await app.SeedClusterAsync(items: 2);
        var source = await app.SeedClusterAsync(items: 2);
        var first = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{source.Id}?items_limit=1");
        var cursor = first!["items_next_cursor"]!.GetValue<string>();
        (await app.Client.PostAsJsonAsync($"/clusters/{source.Id}/merge", new { into = target.Id })).EnsureSuccessStatusCode();

        var response = await app.Client.GetAsync($"/clusters/{source.Id}?items_limit=10&items_cursor={cursor}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var next = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal(target.Id, next["id"]!.GetValue<string>());
        Assert.DoesNotContain(next["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == first["items"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cluster_lists_the_clusters_merged_into_it_as_they_were_when_merged()
    {
        var target = await app.SeedClusterAsync(items: 2);
        var source = await app.SeedClusterAsync(items: 3, title: "Sync is slow");
        await app.Client.PostAsJsonAsync($"/clusters/{source.Id}/merge", new { into = target.Id });

        var detail = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{target.Id}");

        var merged = Assert.Single(detail!["merged_clusters"]!.AsArray())!;
        Assert.Equal((source.Id, "Sync is slow", 3), (merged["id"]!.GetValue<string>(), merged["title"]!.GetValue<string>(), merged["size"]!.GetValue<int>()));
        Assert.True(DateTimeOffset.UtcNow - merged["merged_at"]!.GetValue<DateTimeOffset>() < TimeSpan.FromMinutes(5));
        Assert.False(string.IsNullOrEmpty(merged["merged_by"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Editing_a_merged_away_id_is_a_409_naming_the_cluster_it_went_into_which_stays_as_it_was()
    {
        var target = await app.SeedClusterAsync(items: 2, title: "Login fails");
        var source = await app.SeedClusterAsync(items: 1);
        (await app.Client.PostAsJsonAsync($"/clusters/{source.Id}/merge", new { into = target.Id })).EnsureSuccessStatusCode();

        var response = await app.Client.PatchAsJsonAsync($"/clusters/{source.Id}", new { title = "Renamed", status = "ignored" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal(target.Id, problem["cluster_id"]!.GetValue<string>());
        Assert.Contains(target.Id, problem["detail"]!.GetValue<string>());
        var kept = (await app.Clusters.GetAsync(target.Id))!;
        Assert.Equal(("Login fails", FeedbackFix.Contracts.Clusters.ClusterStatus.New), (kept.Title, kept.Status));
    }

    [Fact]
    public async Task A_misspelt_member_of_an_edit_is_a_400_naming_it_and_nothing_is_changed()
    {
        var cluster = await app.SeedClusterAsync(title: "Login fails");

        var response = await app.Client.PatchAsJsonAsync($"/clusters/{cluster.Id}", new { title = "Renamed", statuss = "fixed" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal("The field 'statuss' is not one this request takes.", problem["errors"]!["statuss"]![0]!.GetValue<string>());
        Assert.Equal("Login fails", (await app.Clusters.GetAsync(cluster.Id))!.Title);
    }

    [Fact]
    public async Task A_member_given_twice_in_an_edit_is_a_400_naming_it_and_nothing_is_changed()
    {
        var cluster = await app.SeedClusterAsync(title: "Login fails");

        var response = await app.Client.PatchAsync($"/clusters/{cluster.Id}", ClustersApp.Json("""{"title":"Renamed","title":"Renamed again"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal("The field 'title' is given twice, or holds a member given twice; give each once.", problem["errors"]!["title"]![0]!.GetValue<string>());
        Assert.Equal("Login fails", (await app.Clusters.GetAsync(cluster.Id))!.Title);
    }

    [Fact]
    public async Task Unmerge_answers_with_the_restored_cluster()
    {
        var target = await app.SeedClusterAsync(items: 1);
        var source = await app.SeedClusterAsync(items: 2, title: "Sync is slow");
        (await app.Client.PostAsJsonAsync($"/clusters/{source.Id}/merge", new { into = target.Id })).EnsureSuccessStatusCode();

        var response = await app.Client.PostAsync($"/clusters/{source.Id}/unmerge", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var restored = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal((source.Id, "Sync is slow", 2), (restored["id"]!.GetValue<string>(), restored["title"]!.GetValue<string>(), restored["size"]!.GetValue<int>()));
        Assert.Equal(1, (await app.Clusters.GetAsync(target.Id))!.Size);
    }

    [Fact]
    public async Task A_merge_whose_reports_were_all_moved_out_is_no_longer_listed_and_its_unmerge_answers_409()
    {
        var target = await app.SeedClusterAsync(items: 1);
        var source = await app.SeedClusterAsync(items: 2);
        var elsewhere = await app.SeedClusterAsync(items: 1);
        var reports = await app.Membership.GetMembersAsync(source.Id);
        (await app.Client.PostAsJsonAsync($"/clusters/{source.Id}/merge", new { into = target.Id })).EnsureSuccessStatusCode();
        (await app.Client.PostAsJsonAsync($"/clusters/{elsewhere.Id}/items", new { feedback_ids = reports })).EnsureSuccessStatusCode();

        var detail = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{target.Id}");
        var unmerge = await app.Client.PostAsync($"/clusters/{source.Id}/unmerge", null);

        Assert.Empty(detail!["merged_from"]!.AsArray());
        Assert.Empty(detail["merged_clusters"]!.AsArray());
        Assert.Equal(HttpStatusCode.Conflict, unmerge.StatusCode);
    }

    [Fact]
    public async Task After_a_chain_of_merges_the_last_cluster_lists_both_merges_and_undoes_the_first_one()
    {
        var first = await app.SeedClusterAsync(items: 1);
        var second = await app.SeedClusterAsync(items: 1);
        var last = await app.SeedClusterAsync(items: 1);
        (await app.Client.PostAsJsonAsync($"/clusters/{first.Id}/merge", new { into = second.Id })).EnsureSuccessStatusCode();
        (await app.Client.PostAsJsonAsync($"/clusters/{second.Id}/merge", new { into = last.Id })).EnsureSuccessStatusCode();

        var before = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{last.Id}");
        (await app.Client.PostAsync($"/clusters/{first.Id}/unmerge", null)).EnsureSuccessStatusCode();
        var after = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{last.Id}");

        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), before!["merged_from"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([second.Id], after!["merged_from"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Unmerge_of_a_cluster_merged_before_records_were_kept_answers_409_saying_so()
    {
        var target = await app.SeedClusterAsync();
        var oldId = Guid.NewGuid().ToString("N");
        await app.Redis.Connection.GetDatabase().StringSetAsync($"cluster:merged:{oldId}", target.Id);

        var response = await app.Client.PostAsync($"/clusters/{oldId}/unmerge", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("cannot be undone", (await ClustersApp.ReadJsonAsync(response))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Moving_reports_in_answers_with_the_cluster_grown_and_the_source_shrunk()
    {
        var target = await app.SeedClusterAsync(items: 1);
        var source = await app.SeedClusterAsync(items: 3);
        var moving = (await app.Membership.GetMembersAsync(source.Id)).Take(2).ToList();

        var response = await app.Client.PostAsJsonAsync($"/clusters/{target.Id}/items", new { feedback_ids = moving });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await ClustersApp.ReadJsonAsync(response))["size"]!.GetValue<int>());
        Assert.Equal(1, (await app.Clusters.GetAsync(source.Id))!.Size);
        Assert.All(await app.Feedback.GetManyAsync(moving), item => Assert.Equal(target.Id, item!.ClusterId));
    }

    [Fact]
    public async Task Split_answers_201_with_the_new_cluster_and_its_location()
    {
        var source = await app.SeedClusterAsync(items: 3);
        var splitting = (await app.Membership.GetMembersAsync(source.Id)).Take(1).ToList();

        var response = await app.Client.PostAsJsonAsync("/clusters", new { feedback_ids = splitting, title = "  Export crashes " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var split = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal(("Export crashes", 1), (split["title"]!.GetValue<string>(), split["size"]!.GetValue<int>()));
        Assert.Equal($"/clusters/{split["id"]!.GetValue<string>()}", response.Headers.Location!.OriginalString);
        Assert.Equal(2, (await app.Clusters.GetAsync(source.Id))!.Size);
    }

    [Fact]
    public async Task Curating_a_fixing_cluster_answers_409_saying_a_fix_job_works_on_it()
    {
        var (_, _, fixing) = await app.SeedManualJobAsync();
        var other = await app.SeedClusterAsync();

        var response = await app.Client.PostAsJsonAsync($"/clusters/{other.Id}/merge", new { into = fixing });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal("Cluster is being fixed", problem["title"]!.GetValue<string>());
        Assert.Contains("fix job", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_clusters_and_reports_answer_404_naming_the_id()
    {
        var cluster = await app.SeedClusterAsync();
        var unknown = Guid.NewGuid().ToString("N");

        var merge = await app.Client.PostAsJsonAsync($"/clusters/{unknown}/merge", new { into = cluster.Id });
        var move = await app.Client.PostAsJsonAsync($"/clusters/{cluster.Id}/items", new { feedback_ids = new[] { unknown } });
        var activity = await app.Client.GetAsync($"/clusters/{unknown}/activity");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], [merge.StatusCode, move.StatusCode, activity.StatusCode]);
        Assert.Equal(unknown, (await ClustersApp.ReadJsonAsync(move))["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("all")]
    [InlineData("unclustered")]
    [InlineData("placed_by_person")]
    public async Task A_report_id_spelled_like_an_index_names_no_report_and_answers_404(string id)
    {
        // Every index of that name holds something, so reading it as a report would meet a set, not a hash.
        var source = await app.SeedClusterAsync(items: 2);
        var target = await app.SeedClusterAsync();
        var placed = await app.Client.PostAsJsonAsync($"/clusters/{target.Id}/items", new { feedback_ids = new[] { (await app.Membership.GetMembersAsync(source.Id))[0] } });
        placed.EnsureSuccessStatusCode();
        await app.Feedback.AddAsync(new NewFeedback(FeedbackSource.Manual, null, "Unclustered", "Not in any cluster yet.", null, null, DateTimeOffset.UtcNow), null);

        var move = await app.Client.PostAsJsonAsync($"/clusters/{target.Id}/items", new { feedback_ids = new[] { id } });
        var split = await app.Client.PostAsJsonAsync("/clusters", new { feedback_ids = new[] { id }, title = "Split" });

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound], [move.StatusCode, split.StatusCode]);
        Assert.Equal(id, (await ClustersApp.ReadJsonAsync(move))["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("merge", """{}""", "into")]
    [InlineData("merge", """{"into":"no spaces allowed"}""", "into")]
    [InlineData("items", """{"feedback_ids":[]}""", "feedback_ids")]
    [InlineData("items", """{"feedback_ids":["ok","bad id"]}""", "feedback_ids[1]")]
    public async Task Bad_curation_input_answers_400_naming_the_field(string verb, string body, string field)
    {
        var cluster = await app.SeedClusterAsync();

        var response = await app.Client.PostAsync($"/clusters/{cluster.Id}/{verb}", ClustersApp.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.True(problem["errors"]?.AsObject().ContainsKey(field), $"errors should name '{field}': {problem.ToJsonString()}");
    }

    [Fact]
    public async Task Split_without_a_title_answers_400_naming_title()
    {
        var cluster = await app.SeedClusterAsync();

        var response = await app.Client.PostAsJsonAsync("/clusters", new { feedback_ids = await app.Membership.GetMembersAsync(cluster.Id) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ClustersApp.ReadJsonAsync(response))["errors"]!.AsObject().ContainsKey("title"));
    }

    [Theory]
    [InlineData("self")]
    [InlineData("")]
    public async Task Merging_a_cluster_into_itself_or_into_an_empty_id_answers_400_naming_into(string into)
    {
        var cluster = await app.SeedClusterAsync();

        var response = await app.Client.PostAsJsonAsync($"/clusters/{cluster.Id}/merge", new { into = into == "self" ? cluster.Id : into });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ClustersApp.ReadJsonAsync(response))["errors"]!.AsObject().ContainsKey("into"));
    }

    [Fact]
    public async Task Activity_lists_each_step_newest_first_with_the_key_or_the_person_who_acted()
    {
        var target = await app.SeedClusterAsync(items: 1);
        var source = await app.SeedClusterAsync(items: 1);
        using (var merge = new HttpRequestMessage(HttpMethod.Post, $"/clusters/{source.Id}/merge") { Content = JsonContent.Create(new { into = target.Id }) })
        {
            merge.Headers.Add(ApiHeaders.Caller, "reports-script");
            (await app.Client.SendAsync(merge)).EnsureSuccessStatusCode();
        }
        using (var unmerge = new HttpRequestMessage(HttpMethod.Post, $"/clusters/{source.Id}/unmerge"))
        {
            unmerge.Headers.Add(ApiHeaders.Caller, "dashboard");
            unmerge.Headers.Add(ApiHeaders.OnBehalfOf, "ada@example.com");
            (await app.Client.SendAsync(unmerge)).EnsureSuccessStatusCode();
        }

        var activity = (await app.Client.GetFromJsonAsync<JsonArray>($"/clusters/{target.Id}/activity"))!;

        Assert.Equal(["unmerged", "merged"], activity.Select(a => a!["type"]!.GetValue<string>()));
        Assert.Equal(("ada@example.com", "dashboard"), (activity[0]!["by"]!.GetValue<string>(), activity[0]!["via"]!.GetValue<string>()));
        Assert.Equal("reports-script", activity[1]!["by"]!.GetValue<string>());
        Assert.Equal(source.Id, activity[1]!["merged_from"]!.GetValue<string>());
        Assert.NotNull(activity[1]!["at"]);
    }

    [Fact]
    public async Task Activity_records_a_status_change_and_a_fix_job_with_who_asked()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/clusters/{cluster.Id}") { Content = ClustersApp.Json("""{"status":"ignored"}""") })
        {
            patch.Headers.Add(ApiHeaders.Caller, "triage-bot");
            (await app.Client.SendAsync(patch)).EnsureSuccessStatusCode();
        }
        (await app.Client.PatchAsync($"/clusters/{cluster.Id}", ClustersApp.Json("""{"status":"new"}"""))).EnsureSuccessStatusCode();
        using (var job = new HttpRequestMessage(HttpMethod.Post, "/jobs") { Content = JsonContent.Create(new { cluster_id = cluster.Id }) })
        {
            job.Headers.Add(ApiHeaders.Caller, "agent-runner");
            (await app.Client.SendAsync(job)).EnsureSuccessStatusCode();
        }

        var activity = (await app.Client.GetFromJsonAsync<JsonArray>($"/clusters/{cluster.Id}/activity"))!;

        Assert.Equal(["job", "status", "status"], activity.Select(a => a!["type"]!.GetValue<string>()));
        Assert.Equal(("agent-runner", "fixing"), (activity[0]!["by"]!.GetValue<string>(), activity[0]!["status_to"]!.GetValue<string>()));
        Assert.NotNull(activity[0]!["job_id"]);
        Assert.Equal(("unknown", "ignored", "new"),
            (activity[1]!["by"]!.GetValue<string>(), activity[1]!["status_from"]!.GetValue<string>(), activity[1]!["status_to"]!.GetValue<string>()));
        Assert.Equal("triage-bot", activity[2]!["by"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_api_description_has_each_curation_operation_with_its_refusals()
    {
        var paths = (await app.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!["paths"]!;

        foreach (var (path, method) in new[]
        {
            ("/clusters/{id}/merge", "post"), ("/clusters/{id}/unmerge", "post"), ("/clusters/{id}/items", "post"), ("/clusters", "post"),
        })
        {
            var responses = paths[path]![method]!["responses"]!.AsObject();
            Assert.True(responses.ContainsKey("404") && responses.ContainsKey("409"), $"{method} {path} should describe 404 and 409");
        }
        Assert.True(paths["/clusters/{id}/activity"]!["get"]!["responses"]!.AsObject().ContainsKey("404"));
        Assert.NotNull(paths["/clusters/{id}/merge"]!["post"]!["requestBody"]);
    }

    [Fact]
    public async Task Concurrent_moves_through_the_api_leave_every_report_in_exactly_one_cluster()
    {
        var clusters = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            clusters.Add((await app.SeedClusterAsync(items: 8)).Id);
        }
        var items = new List<string>();
        foreach (var id in clusters)
        {
            items.AddRange(await app.Membership.GetMembersAsync(id));
        }

        var random = new Random(11);
        var moves = Enumerable.Range(0, 30)
            .Select(_ => (To: clusters[random.Next(clusters.Count)], Item: items[random.Next(items.Count)]))
            .ToList();
        var answers = await Task.WhenAll(moves.Select(move =>
            app.Client.PostAsJsonAsync($"/clusters/{move.To}/items", new { feedback_ids = new[] { move.Item } })));

        Assert.All(answers, answer => Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var homes = new List<(string Item, string Cluster)>();
        foreach (var id in clusters)
        {
            homes.AddRange((await app.Membership.GetMembersAsync(id)).Select(item => (item, id)));
        }
        Assert.Equal(items.Order(), homes.Select(h => h.Item).Order());
        foreach (var (item, cluster) in homes)
        {
            Assert.Equal(cluster, (await app.Feedback.GetAsync(item))!.ClusterId);
        }
        foreach (var id in clusters.Where(id => homes.Any(h => h.Cluster == id)))
        {
            Assert.Equal(homes.Count(h => h.Cluster == id), (await app.Clusters.GetAsync(id))!.Size);
        }
    }
}

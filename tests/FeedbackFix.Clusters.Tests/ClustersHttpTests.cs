using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FeedbackFix.Contracts.Clusters;

namespace FeedbackFix.Clusters.Tests;

public sealed class ClustersHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    [Fact]
    public async Task Listing_pages_through_every_cluster_exactly_once()
    {
        var seeded = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            seeded.Add((await app.SeedClusterAsync(items: i + 1)).Id);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await app.Client.GetFromJsonAsync<JsonObject>("/clusters?limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            var items = page!["items"]!.AsArray();
            Assert.InRange(items.Count, 0, 2);
            seen.AddRange(items.Select(c => c!["id"]!.GetValue<string>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(seeded, id => Assert.Contains(id, seen));
        var sizes = seen.Where(seeded.Contains).Select(id => seeded.IndexOf(id)).ToList();
        Assert.Equal(sizes.OrderDescending(), sizes);
    }

    [Fact]
    public async Task A_cursor_used_on_another_list_is_a_400_naming_it_and_a_title_filter_may_change_between_pages()
    {
        var cluster = await app.SeedClusterAsync(items: 2);
        await app.SeedClusterAsync(items: 1);
        var bySize = await app.Client.GetFromJsonAsync<JsonObject>("/clusters?limit=1");
        var cursor = bySize!["next_cursor"]!.GetValue<string>();
        var first = bySize["items"]![0]!;

        var otherSort = await app.Client.GetAsync($"/clusters?sort=last_seen&cursor={cursor}");
        var otherStatus = await app.Client.GetAsync($"/clusters?status=ignored&cursor={cursor}");
        var items = await app.Client.GetAsync($"/clusters/{cluster.Id}?items_cursor={cursor}");
        var jobs = await app.Client.GetAsync($"/jobs?cursor={cursor}");
        var searched = await app.Client.GetAsync($"/clusters?q=login&cursor={cursor}");

        foreach (var (response, field) in new[] { (otherSort, "cursor"), (otherStatus, "cursor"), (items, "items_cursor"), (jobs, "cursor") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await ClustersApp.ReadJsonAsync(response))["errors"]!.AsObject();
            Assert.Equal([field], errors.Select(e => e.Key));
            Assert.Contains("another list", errors[field]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, searched.StatusCode);
        // The search goes on after the first page in the size order: nothing larger, and not the first page's cluster.
        var after = (await ClustersApp.ReadJsonAsync(searched))["items"]!.AsArray();
        Assert.All(after, c => Assert.True(c!["size"]!.GetValue<int>() <= first["size"]!.GetValue<int>()));
        Assert.DoesNotContain(after, c => c!["id"]!.GetValue<string>() == first["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_filter_is_the_one_error_though_the_cursor_was_given_out_for_the_list_without_it()
    {
        await app.SeedClusterAsync(items: 2);
        await app.SeedClusterAsync(items: 1);
        var cursor = (await app.Client.GetFromJsonAsync<JsonObject>("/clusters?limit=1"))!["next_cursor"]!.GetValue<string>();

        var response = await app.Client.GetAsync($"/clusters?status=bogus&cursor={cursor}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["status"], (await ClustersApp.ReadJsonAsync(response))["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Listing_by_status_shows_only_that_status()
    {
        var ignored = await app.SeedClusterAsync();
        var fresh = await app.SeedClusterAsync();
        (await app.Client.PatchAsync($"/clusters/{ignored.Id}", ClustersApp.Json("""{"status":"ignored"}"""))).EnsureSuccessStatusCode();

        var page = await app.Client.GetFromJsonAsync<JsonObject>("/clusters?status=ignored&limit=200");

        var items = page!["items"]!.AsArray();
        Assert.Contains(items, c => c!["id"]!.GetValue<string>() == ignored.Id);
        Assert.DoesNotContain(items, c => c!["id"]!.GetValue<string>() == fresh.Id);
        Assert.All(items, c => Assert.Equal("ignored", c!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Get_shows_the_cluster_with_its_items_paged()
    {
        var cluster = await app.SeedClusterAsync(items: 3, repoUrl: "https://github.com/acme/app");

        var first = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{cluster.Id}?items_limit=2");
        var cursor = first!["items_next_cursor"]!.GetValue<string>();
        var second = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{cluster.Id}?items_limit=2&items_cursor={cursor}");

        Assert.Equal(cluster.Id, first["id"]!.GetValue<string>());
        Assert.Equal("new", first["status"]!.GetValue<string>());
        Assert.Equal(3, first["size"]!.GetValue<long>());
        Assert.Equal("https://github.com/acme/app", first["github_repo_url"]!.GetValue<string>());
        Assert.Equal(2, first["items"]!.AsArray().Count);
        Assert.Single(second!["items"]!.AsArray());
        Assert.Null(second["items_next_cursor"]);
        var itemIds = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(3, itemIds.Distinct().Count());
        Assert.Equal("manual", first["items"]![0]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_of_a_merged_away_id_shows_the_surviving_cluster()
    {
        var survivor = await app.SeedClusterAsync();
        var mergedAway = Guid.NewGuid().ToString("N");
        await app.Redis.Connection.GetDatabase().StringSetAsync($"cluster:merged:{mergedAway}", survivor.Id);

        var cluster = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{mergedAway}");

        Assert.Equal(survivor.Id, cluster!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_changes_the_named_fields_only()
    {
        var cluster = await app.SeedClusterAsync();

        var response = await app.Client.PatchAsync($"/clusters/{cluster.Id}", ClustersApp.Json("""
            {"title":"Checkout crashes","summary":"Many users","github_repo_url":"https://github.com/acme/shop",
             "issue_title":"Fix checkout","issue_description":"Steps..."}
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal("Checkout crashes", body["title"]!.GetValue<string>());
        Assert.Equal("https://github.com/acme/shop", body["github_repo_url"]!.GetValue<string>());
        Assert.Equal("Fix checkout", body["issue_title"]!.GetValue<string>());
        var stored = await app.Clusters.GetAsync(cluster.Id);
        Assert.Equal(("Checkout crashes", "Many users", "Steps...", ClusterStatus.New), (stored!.Title, stored.Summary, stored.IssueDescription, stored.Status));
    }

    [Fact]
    public async Task Patch_with_an_empty_repository_url_clears_it()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");

        var response = await app.Client.PatchAsync($"/clusters/{cluster.Id}", ClustersApp.Json("""{"github_repo_url":""}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await app.Clusters.GetAsync(cluster.Id))!.GithubRepoUrl);
    }

    [Theory]
    [InlineData("https://github.com/acme")]
    [InlineData("https://github.com/acme/app/issues")]
    [InlineData("http://github.com/acme/app")]
    [InlineData("https://github.com/acme_/app")]
    [InlineData("git@github.com:acme/app.git")]
    public async Task Patch_refuses_a_repository_url_that_is_not_owner_and_repo(string url)
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");

        var response = await app.Client.PatchAsJsonAsync($"/clusters/{cluster.Id}", new { github_repo_url = url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ClustersApp.ReadJsonAsync(response))["errors"]!.AsObject().ContainsKey("github_repo_url"));
        Assert.Equal("https://github.com/acme/app", (await app.Clusters.GetAsync(cluster.Id))!.GithubRepoUrl);
    }

    [Theory]
    [InlineData("ignored", "new")]
    [InlineData("fixed", "ignored")]
    [InlineData("fixed", "new")]
    public async Task Patch_moves_status_along_allowed_transitions(string first, string second)
    {
        var cluster = await app.SeedClusterAsync();

        var one = await app.Client.PatchAsJsonAsync($"/clusters/{cluster.Id}", new { status = first });
        var two = await app.Client.PatchAsJsonAsync($"/clusters/{cluster.Id}", new { status = second });

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        Assert.Equal(second, (await ClustersApp.ReadJsonAsync(two))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_to_fixing_is_409_naming_current_and_requested_status()
    {
        var cluster = await app.SeedClusterAsync();

        var response = await app.Client.PatchAsJsonAsync($"/clusters/{cluster.Id}", new { status = "fixing" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal("new", problem["current_status"]!.GetValue<string>());
        Assert.Equal("fixing", problem["requested_status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("fix_proposed")]
    [InlineData("regressed")]
    public async Task Patch_to_a_status_the_system_sets_is_409_saying_where_it_comes_from(string requested)
    {
        var cluster = await app.SeedClusterAsync();

        var response = await app.Client.PatchAsJsonAsync($"/clusters/{cluster.Id}", new { status = requested });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal(requested, problem["requested_status"]!.GetValue<string>());
        Assert.Contains("neither is set by hand", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(ClusterStatus.New, (await app.Clusters.GetAsync(cluster.Id))!.Status);
    }

    [Fact]
    public async Task Patch_cannot_take_a_cluster_out_of_fixing()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");
        (await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null)).EnsureSuccessStatusCode();

        var response = await app.Client.PatchAsJsonAsync($"/clusters/{cluster.Id}", new { status = "new", title = "Renamed" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var stored = await app.Clusters.GetAsync(cluster.Id);
        Assert.Equal((ClusterStatus.Fixing, "Login fails"), (stored!.Status, stored.Title));
    }

    [Fact]
    public async Task Jobs_of_a_cluster_are_listed_newest_first()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");
        var first = await ClustersApp.ReadJsonAsync(await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null));
        (await app.Client.PostAsync($"/jobs/{first["job_id"]}/cancel", null)).EnsureSuccessStatusCode();
        var second = await ClustersApp.ReadJsonAsync(await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null));

        var page = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{cluster.Id}/jobs");

        var items = page!["items"]!.AsArray().Select(j => (
            Id: j!["id"]!.GetValue<string>(), Status: j["status"]!.GetValue<string>(), CreatedAt: j["created_at"]!.GetValue<DateTimeOffset>())).ToList();
        var (older, newer) = (items.Single(i => i.Id == first["job_id"]!.GetValue<string>()), items.Single(i => i.Id == second["job_id"]!.GetValue<string>()));
        Assert.Equal(2, items.Count);
        Assert.True(newer.CreatedAt >= older.CreatedAt);
        // Newest first; two started in the same millisecond come by id, as every list breaks ties.
        Assert.Equal(items.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id, StringComparer.Ordinal), items);
        Assert.Equal(("queued", "cancelled"), (newer.Status, older.Status));
    }
}

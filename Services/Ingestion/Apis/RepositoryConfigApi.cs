using System.ComponentModel;
using System.Globalization;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Contracts.Sources;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.ServiceDefaults.OpenApi;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackFix.Ingestion.Apis;

// GET /config/repositories   {"github": {"owner/name": url}, "sentry": {"slug": url}, "reddit": {"sub": url}, "version"}; ETag "version"
// PUT /config/repositories   the whole mapping; If-Match "version" optional; 200 stored, 412 when another change came first
public static class RepositoryConfigApi
{
    public const string Path = "/config/repositories";

    public static IEndpointRouteBuilder MapRepositoryConfigApi(this IEndpointRouteBuilder app)
    {
        var repositories = app.MapGroup(Path).WithTags("Sources");
        repositories.MapGet("", GetRepositoriesAsync)
            .WithSummary("Where fixes go, by source: a GitHub issue's repository, a Sentry project slug, a subreddit")
            .WithDescription("A cluster without github_repo_url gets the repository most of its reports map to (suggested_repo_url). " +
                "A GitHub report whose repository has no entry maps to that repository itself.")
            .AnswersWithVersionTag();
        repositories.MapPut("", ReplaceRepositoriesAsync)
            .WithSummary("Replace the whole mapping; with If-Match, only if nobody changed it since that version")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .AnswersWithVersionTag();
        return app;
    }

    public static async Task<Ok<RepositoryMapping>> GetRepositoriesAsync(RepositoryMappingStore store, HttpResponse response)
    {
        var mapping = await store.GetAsync();
        response.Headers.ETag = VersionTags.Of(mapping.Version!.Value);
        return TypedResults.Ok(mapping);
    }

    public static async Task<Results<Ok<RepositoryMapping>, ValidationProblem, ProblemHttpResult>> ReplaceRepositoriesAsync(
        RepositoryMapping mapping, RepositoryMappingStore store, HttpResponse response,
        [FromHeader(Name = "If-Match"), Description(ParameterDescriptions.IfMatch)] string? ifMatch = null)
    {
        var errors = new FieldErrors();
        var expected = VersionTags.Expected(errors, ifMatch, "this mapping");
        Check(errors, FeedbackSource.Github, mapping.Github);
        Check(errors, FeedbackSource.Sentry, mapping.Sentry);
        Check(errors, FeedbackSource.Reddit, mapping.Reddit);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var stored = await store.ReplaceAsync(mapping, expected);
        if (stored is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status412PreconditionFailed,
                title: "The mapping was changed meanwhile",
                detail: $"The repository mapping is no longer version {expected}: read it again (GET {Path}) and apply your change to it.");
        }
        response.Headers.ETag = VersionTags.Of(stored.Version!.Value);
        return TypedResults.Ok(stored);
    }

    private static void Check(FieldErrors errors, FeedbackSource source, IReadOnlyDictionary<string, string>? map)
    {
        var name = source.ToApiName();
        if (map is null)
        {
            return;
        }
        if (map.Count > RepositoryRules.MaxEntriesPerSource)
        {
            errors.Add(name, $"{name} may hold at most {RepositoryRules.MaxEntriesPerSource} entries; it has {map.Count}.");
            return;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, url) in map)
        {
            var field = $"{name}.{key}";
            if (!RepositoryRules.IsValidKey(source, key))
            {
                errors.Add(field, $"The {name} key '{key}' must be {RepositoryRules.KeyRule(source)}.");
            }
            else if (!seen.Add(key))
            {
                errors.Add(field, $"The {name} key '{key}' is named twice (keys are compared without regard to case).");
            }
            if (!GithubRepoUrl.IsValid(url))
            {
                errors.Add(field, $"The repository for {name} '{key}' must look like {GithubRepoUrl.Expected} (no trailing path).");
            }
        }
    }
}

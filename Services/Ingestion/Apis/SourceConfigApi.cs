using System.ComponentModel;
using FeedbackFix.Contracts.Sources;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Ingestion.Model;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.Ingestion.Apis;

// GET    /config/reddit/subreddits          {"subreddits": [...]}, sorted
// POST   /config/reddit/subreddits          {"name": "dotnet" | "r/dotnet"}; 201 added, 200 already there
// GET    /config/reddit/subreddits/{name}   {"name"}; 404 when not configured (where POST's Location points)
// DELETE /config/reddit/subreddits/{name}   204; 404 when not configured
public static class SourceConfigApi
{
    private const string SubredditsPath = "/config/reddit/subreddits";

    private const string SubredditName = "The subreddit's name, with or without r/ (encoded: r%2Fdotnet); any case.";

    public static IEndpointRouteBuilder MapSourceConfigApi(this IEndpointRouteBuilder app)
    {
        var subreddits = app.MapGroup(SubredditsPath).WithTags("Sources");
        subreddits.MapGet("", ListSubredditsAsync)
            .WithSummary("The subreddits the poller reads");
        subreddits.MapPost("", AddSubredditAsync)
            .WithSummary("Add a subreddit (\"dotnet\" or \"r/dotnet\"): 201 added, 200 already there");
        subreddits.MapGet("/{name}", GetSubredditAsync)
            .WithSummary("Whether the poller reads a subreddit: its name as stored, or 404")
            .ProducesProblem(StatusCodes.Status404NotFound);
        subreddits.MapDelete("/{name}", RemoveSubredditAsync)
            .WithSummary("Stop reading a subreddit")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<SubredditList>> ListSubredditsAsync(SourceConfigStore config) =>
        TypedResults.Ok(new SubredditList(await config.GetSubredditsAsync()));

    public static async Task<Results<Created<SubredditResponse>, Ok<SubredditResponse>, ValidationProblem>> AddSubredditAsync(
        SubredditRequest request, SourceConfigStore config)
    {
        if (!TryNormalize(request.Name, out var name))
        {
            return InvalidName();
        }

        var subreddit = new SubredditResponse(name);
        return await config.AddSubredditAsync(name)
            ? TypedResults.Created($"{SubredditsPath}/{name}", subreddit)
            : TypedResults.Ok(subreddit);
    }

    public static async Task<Results<Ok<SubredditResponse>, ValidationProblem, ProblemHttpResult>> GetSubredditAsync(
        [Description(SubredditName)] string name, SourceConfigStore config)
    {
        if (!TryNormalize(Uri.UnescapeDataString(name), out var normalized))
        {
            return InvalidName();
        }

        return (await config.GetSubredditsAsync()).Contains(normalized)
            ? TypedResults.Ok(new SubredditResponse(normalized))
            : ApiProblems.NotFound($"The subreddit '{normalized}' is not configured.");
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveSubredditAsync(
        [Description(SubredditName)] string name, SourceConfigStore config)
    {
        // Routing leaves an encoded slash encoded: "r%2Fdotnet" is "r/dotnet", as POST takes it.
        if (!TryNormalize(Uri.UnescapeDataString(name), out var normalized))
        {
            return InvalidName();
        }

        return await config.RemoveSubredditAsync(normalized)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"The subreddit '{normalized}' is not configured.");
    }

    /// <summary>"r/DotNet" and "dotnet" are one subreddit: the "r/" goes, and the name is lower-cased.</summary>
    internal static bool TryNormalize(string? input, out string name)
    {
        var trimmed = input?.Trim() ?? "";
        if (trimmed.StartsWith("r/", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[2..];
        }
        name = SourceConfigStore.IsValidSubreddit(trimmed) ? SourceConfigStore.Normalize(trimmed) : "";
        return name.Length > 0;
    }

    private static ValidationProblem InvalidName() =>
        FieldErrors.Problem("name", "name must be a subreddit name: 2-21 letters, digits or underscores, optionally after \"r/\".");
}

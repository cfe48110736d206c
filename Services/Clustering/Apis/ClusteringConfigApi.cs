// GET /config/clustering   the worker's thresholds in force, where they come from, their version (ETag) and whether the caller may change them
// PUT /config/clustering   every threshold (admin key in X-Admin-Key); If-Match optional; applied from the worker's next batch

using System.ComponentModel;
using System.Globalization;
using FeedbackFix.Clustering.Auth;
using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Stores;
using FeedbackFix.ServiceDefaults.OpenApi;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clustering.Apis;

public static class ClusteringConfigApi
{
    public const string Path = "/config/clustering";
    public const string ConfigurationSource = "configuration";

    public static IEndpointRouteBuilder MapClusteringConfigApi(this IEndpointRouteBuilder app)
    {
        var config = app.MapGroup(Path).WithTags("Clustering");
        config.MapGet("", GetSettingsAsync)
            .WithSummary("The clustering worker's thresholds in force, and whether this caller may change them")
            .AnswersWithVersionTag();
        config.MapPut("", ReplaceSettingsAsync)
            .RequireAuthorization(AdminKeyAuthorization.Policy)
            .WithSummary("Set every threshold; the worker applies them from its next batch, without a restart")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .AnswersWithVersionTag();
        return app;
    }

    public static async Task<Ok<ClusteringSettings>> GetSettingsAsync(
        ClusteringSettingsStore store, IOptions<GroupingOptions> configured, HttpContext http)
    {
        var stored = await store.GetAsync();
        var editable = (await http.AuthenticateAsync(AdminKeyAuthorization.Scheme)).Succeeded;
        var settings = GroupingSettings.Of(GroupingSettings.Apply(configured.Value, stored)) with
        {
            Source = stored?.Source ?? ConfigurationSource,
            Version = stored?.Version ?? 0,
            UpdatedAt = stored?.UpdatedAt,
            Editable = editable,
        };
        http.Response.Headers.ETag = VersionTags.Of(settings.Version!.Value);
        return TypedResults.Ok(settings);
    }

    public static async Task<Results<Ok<ClusteringSettings>, ValidationProblem, ProblemHttpResult>> ReplaceSettingsAsync(
        ClusteringSettings settings, ClusteringSettingsStore store, HttpResponse response,
        [FromHeader(Name = "If-Match"), Description(ParameterDescriptions.IfMatch)] string? ifMatch = null)
    {
        var errors = new FieldErrors();
        var expected = VersionTags.Expected(errors, ifMatch, "these thresholds");
        foreach (var (field, value, min, max, whole) in GroupingSettings.Ranges(settings))
        {
            if (value is null)
            {
                errors.Add(field, $"{field} is required: a PUT names every threshold.");
            }
            else if (value < min || value > max)
            {
                errors.Add(field, string.Create(CultureInfo.InvariantCulture,
                    $"{field} must be {(whole ? "a whole number" : "a number")} from {min} to {max}; it is {value}."));
            }
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var stored = await store.ReplaceAsync(settings with { Source = null, Version = null, UpdatedAt = null, Editable = null }, expected);
        if (stored is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status412PreconditionFailed,
                title: "The thresholds were changed meanwhile",
                detail: $"The clustering thresholds are no longer version {expected}: read them again (GET {Path}) and apply your change to them.");
        }
        response.Headers.ETag = VersionTags.Of(stored.Version!.Value);
        return TypedResults.Ok(stored with { Editable = true });
    }
}

using System.Text.Json;
using FeedbackFix.Contracts.Queues;
using FeedbackFix.Domain.Model;
using FeedbackFix.ServiceDefaults.Validation;

namespace FeedbackFix.Ingestion.Ingest;

/// <summary>
/// Turns a GitHub <c>pull_request</c> delivery into an entry of the pull-request queue, for Clusters to
/// apply to the job that opened the pull request (Ingestion writes no job or cluster). Only what
/// decides a fix's outcome is queued: <c>opened</c>, <c>reopened</c> and <c>closed</c> (merged or not);
/// other actions (edited, labeled, synchronize...) are ignored. Whether the pull request is a job's is
/// Clusters' to say, since only it reads jobs.
/// </summary>
internal static class GitHubPullRequestMapper
{
    public const string PullRequestEvent = "pull_request";

    private static readonly HashSet<string> TakenActions = new(StringComparer.Ordinal) { "opened", "reopened", "closed" };

    /// <summary>The entry to queue, or null with <paramref name="ignoredReason"/> set or <paramref name="errors"/> filled.</summary>
    public static PullRequestQueueEntry? Map(string deliveryId, JsonElement payload, string? traceParent, FieldErrors errors, out string? ignoredReason)
    {
        ignoredReason = null;
        var action = WebhookJson.String(payload, "action") ?? "";
        if (!TakenActions.Contains(action))
        {
            ignoredReason = $"GitHub pull_request action '{action}' does not change a fix; opened, reopened and closed do.";
            return null;
        }

        errors.Required("X-GitHub-Delivery", deliveryId, FeedbackLimits.ExternalIdMaxLength);
        var repository = WebhookJson.String(WebhookJson.Object(payload, "repository"), "full_name");
        if (PullRequestRef.From(repository, 1) is null)
        {
            errors.Add("repository.full_name", "repository.full_name must be the repository's owner/name.");
        }
        if (WebhookJson.Object(payload, "pull_request") is not { } pullRequest)
        {
            errors.Add("pull_request", "pull_request must be the pull request object.");
            return null;
        }
        var number = WebhookJson.Long(pullRequest, "number") ?? WebhookJson.Long(payload, "number");
        if (number is not > 0)
        {
            errors.Add("pull_request.number", "pull_request.number must be the pull request's number.");
        }
        var merged = pullRequest.TryGetProperty("merged", out var value) && value.ValueKind == JsonValueKind.True;
        if (!errors.IsEmpty)
        {
            return null;
        }
        return new PullRequestQueueEntry(repository!, number!.Value, action, merged, WebhookJson.Time(pullRequest, "updated_at"), deliveryId, traceParent);
    }
}

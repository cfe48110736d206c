using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Dashboard.Components.Shared;

/// <summary>A status as a sentence says it: the API's name with spaces ("fix proposed").</summary>
public static class StatusWords
{
    public static string InWords(string apiName) => apiName.Replace('_', ' ');

    public static string InWords(this ClusterStatus status) => InWords(status.ToApiName());

    public static string InWords(this JobStatus status) => InWords(status.ToApiName());
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Jobs;

/// <summary>The body of <c>POST /jobs</c>: a job for a cluster that the caller runs itself.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateJobRequest([property: Required] string? ClusterId = null, string? GithubRepoUrl = null);

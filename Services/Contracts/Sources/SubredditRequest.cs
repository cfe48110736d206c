using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Sources;

/// <summary>The body of <c>POST /config/reddit/subreddits</c>: "dotnet" or "r/dotnet".</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SubredditRequest([property: Required] string? Name);

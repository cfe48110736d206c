using System.Text.Json.Serialization;
using FeedbackFix.Domain.Model;

namespace FeedbackFix.Clusters.Model;

/// <summary>A job the caller runs itself, with its token: the only answer that ever shows it.</summary>
public sealed record ManualJobResponse : JobResponse
{
    public ManualJobResponse(AgentJob job, string token)
        : base(From(job))
    {
        Token = token;
    }

    [JsonPropertyOrder(1)]
    public string Token { get; }
}

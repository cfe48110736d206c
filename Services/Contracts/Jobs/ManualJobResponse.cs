using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Jobs;

/// <summary>
/// The 201 of <c>POST /jobs</c>, a job the caller runs itself: the job's fields and its
/// <see cref="Token"/>, the only answer that ever shows it.
/// </summary>
public sealed record ManualJobResponse : AgentJob
{
    public ManualJobResponse()
    {
    }

    [SetsRequiredMembers]
    public ManualJobResponse(AgentJob job, string token)
        : base(job)
    {
        Token = token;
    }

    [JsonPropertyOrder(1)]
    public string Token { get; init; } = "";
}

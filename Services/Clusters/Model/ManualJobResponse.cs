using System.Text.Json.Serialization;
using FeedbackFix.Domain.Model;

namespace FeedbackFix.Clusters.Model;

/// <summary>
/// A job the caller runs itself, with its token: the only answer that ever shows it. Written as
/// the job's fields and <c>token</c> in one object.
/// </summary>
[JsonConverter(typeof(Json))]
public sealed record ManualJobResponse(AgentJob Job, string Token)
{
    private sealed class Json : FlatJson<ManualJobResponse>
    {
        protected override object Record(ManualJobResponse answer) => answer.Job;

        protected override IEnumerable<(string Name, object? Value)> Additions(ManualJobResponse answer) =>
            [(nameof(Token), answer.Token)];
    }
}

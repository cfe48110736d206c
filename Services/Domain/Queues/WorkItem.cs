using StackExchange.Redis;

namespace FeedbackFix.Domain.Queues;

/// <summary>One stream entry handed to a worker, with how many times it has been delivered.</summary>
public sealed record WorkItem(string Id, IReadOnlyDictionary<string, string> Fields, long DeliveryCount)
{
    public string? this[string field] => Fields.TryGetValue(field, out var value) ? value : null;

    internal static WorkItem From(StreamEntry entry, long deliveryCount) =>
        new(entry.Id!, entry.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString()), deliveryCount);
}

using System.Text.Json.Serialization;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>What happened to a cluster, as its activity list says it.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ActivityType>))]
public enum ActivityType
{
    /// <summary>The cluster was opened (by the worker, or by a person's split).</summary>
    Created,

    /// <summary>Reports joined it from the clustering worker, counted per commit.</summary>
    Joined,

    /// <summary>It was merged into another cluster, or another cluster into it.</summary>
    Merged,

    /// <summary>A merge was undone.</summary>
    Unmerged,

    /// <summary>A person moved reports into or out of it.</summary>
    Moved,

    /// <summary>A person split reports out of it into a new cluster.</summary>
    Split,

    /// <summary>Its status changed: by a person, a job's end, its pull request, or a report joining it once fixed.</summary>
    Status,

    /// <summary>A fix job was started for it.</summary>
    Job,

    /// <summary>A report of it was deleted.</summary>
    Deleted,
}

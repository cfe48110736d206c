using System.Text.Json;
using System.Text.Json.Serialization;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Sources;
using FeedbackFix.Contracts.Stats;

namespace FeedbackFix.Contracts.Json;

/// <summary>
/// The contract's types, with serializers made at compile time in the API's naming. Use it through
/// <see cref="ApiJson.Options"/> or <see cref="ApiJson.Configure"/>, which add the time format.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcDateTimeOffsetConverter)])]
[JsonSerializable(typeof(FeedbackItem))]
[JsonSerializable(typeof(Page<FeedbackItem>))]
[JsonSerializable(typeof(ManualFeedbackRequest))]
[JsonSerializable(typeof(IngestResult))]
[JsonSerializable(typeof(RedditPost))]
[JsonSerializable(typeof(RedditPostBatch))]
[JsonSerializable(typeof(RedditBatchResponse))]
[JsonSerializable(typeof(WebhookIgnored))]
[JsonSerializable(typeof(GitHubPong))]
[JsonSerializable(typeof(WebhookQueued))]
[JsonSerializable(typeof(SubredditList))]
[JsonSerializable(typeof(SubredditRequest))]
[JsonSerializable(typeof(SubredditResponse))]
[JsonSerializable(typeof(WebhookList))]
[JsonSerializable(typeof(RepositoryMapping))]
[JsonSerializable(typeof(IssueCluster))]
[JsonSerializable(typeof(Page<IssueCluster>))]
[JsonSerializable(typeof(ClusterDetailResponse))]
[JsonSerializable(typeof(ClusterPatch))]
[JsonSerializable(typeof(StartFixRequest))]
[JsonSerializable(typeof(MergeRequest))]
[JsonSerializable(typeof(MoveItemsRequest))]
[JsonSerializable(typeof(SplitRequest))]
[JsonSerializable(typeof(ClusterActivity))]
[JsonSerializable(typeof(IReadOnlyList<ClusterActivity>))]
[JsonSerializable(typeof(ClusteringRun))]
[JsonSerializable(typeof(ClusteringSettings))]
[JsonSerializable(typeof(AgentJob))]
[JsonSerializable(typeof(Page<AgentJob>))]
[JsonSerializable(typeof(ManualJobResponse))]
[JsonSerializable(typeof(CreateJobRequest))]
[JsonSerializable(typeof(FixStarted))]
[JsonSerializable(typeof(JobReport))]
[JsonSerializable(typeof(JobLogLine))]
[JsonSerializable(typeof(JobLogsResponse))]
[JsonSerializable(typeof(StatsResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;

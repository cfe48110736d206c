using FeedbackFix.Domain.Stores;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Tests.Support;

/// <summary>The stores wired as the services wire them, over one connection and clock.</summary>
internal sealed class StoreSet
{
    public StoreSet(IConnectionMultiplexer redis, TimeProvider? time = null)
    {
        Redis = redis;
        Time = time ?? TimeProvider.System;
        Feedback = new FeedbackStore(redis, Time);
        Clusters = new ClusterStore(redis, Feedback, Time);
        Jobs = new JobStore(redis, Clusters, Time);
        Config = new SourceConfigStore(redis);
        Vectors = new VectorStore(redis);
        Membership = new ClusterMembershipStore(redis, Time);
        PullRequests = new PullRequestStore(redis, Jobs, Clusters, Time);
        Curation = new ClusterCurationStore(redis, Time);
    }

    public IConnectionMultiplexer Redis { get; }

    public IDatabase Db => Redis.GetDatabase();

    public TimeProvider Time { get; }

    public FeedbackStore Feedback { get; }

    public ClusterStore Clusters { get; }

    public JobStore Jobs { get; }

    public SourceConfigStore Config { get; }

    public VectorStore Vectors { get; }

    public ClusterMembershipStore Membership { get; }

    public PullRequestStore PullRequests { get; }

    public ClusterCurationStore Curation { get; }
}

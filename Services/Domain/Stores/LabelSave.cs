namespace FeedbackFix.Domain.Stores;

/// <summary>What <see cref="ClusterMembershipStore.SetLabelsAsync"/> did.</summary>
public enum LabelSave
{
    Saved,

    /// <summary>Nothing written: a person edited the labels, or the cluster is gone.</summary>
    Kept,

    /// <summary>Nothing written: the cluster's size, counts or generated lead changed since they were read; read again.</summary>
    ChangedSinceRead,
}

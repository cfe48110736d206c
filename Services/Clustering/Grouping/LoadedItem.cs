namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// An item to load into a <see cref="ClusterSpace"/>: its stored vector as read, or the member a
/// previous copy of the space held it as (<paramref name="Held"/>, whose unit vector is kept as it is).
/// </summary>
internal readonly record struct LoadedItem(string ItemId, float[]? Vector, Member? Held);

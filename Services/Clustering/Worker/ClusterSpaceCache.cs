using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Domain;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// The membership writer's in-memory copy of every cluster's members and vectors. It is current
/// when its version equals Redis's <c>clustering:version</c>; every membership commit bumps that,
/// so after a person's curation (or another writer's commit) it reloads before deciding anything. The thresholds set
/// at run time (<c>config:clustering</c>) are read at the same moments: a change of their version
/// reloads the copy with them, so the writer applies them from its next batch. A reload takes
/// membership from Redis and keeps the vectors the copy holds (a stored vector never changes under
/// its item), reading only the others.
/// </summary>
internal sealed partial class ClusterSpaceCache(
    ClusterMembershipStore membership,
    VectorStore vectors,
    Embedding.EmbeddingModelInfo model,
    ClusteringSettingsStore settings,
    IOptions<GroupingOptions> options,
    TimeProvider time,
    ILogger<ClusterSpaceCache> logger)
{
    private const int VectorReadBatch = 1_000;
    private long _version = -1;
    private long _settingsVersion;

    public ClusterSpace Space { get; private set; } = new(options.Value, Ids.New, time);

    /// <summary>The <c>clustering:version</c> this copy reflects; a commit is fenced on it, so a person's curation meanwhile refuses it.</summary>
    public long Version => _version;

    /// <summary>How many times the copy was loaded from Redis: it moves when someone else committed.</summary>
    public int Loads { get; private set; }

    /// <summary>
    /// Members the last load found without a stored vector (placed by a person before they were
    /// embedded), which the space cannot hold until their vector comes.
    /// </summary>
    public IReadOnlyList<string> MembersWithoutVector { get; private set; } = [];

    /// <summary>The options the current copy decides with: the configured ones under any set at run time.</summary>
    public GroupingOptions Grouping { get; private set; } = options.Value;

    /// <summary>
    /// Reloads from Redis unless this copy is current. Call before deciding; a reload only reads,
    /// and every commit is fenced on the version this copy was loaded at.
    /// </summary>
    public async Task EnsureCurrentAsync()
    {
        var version = await membership.GetVersionAsync();
        var stored = await settings.GetAsync();
        var settingsVersion = stored?.Version ?? 0;
        if (version != _version || settingsVersion != _settingsVersion)
        {
            // The thresholds and their version are taken only with the space built from them: a
            // reload that fails part-way (Redis timing out) leaves both versions as they were, so the
            // next call reloads again rather than finding the new thresholds recorded and never used.
            var grouping = GroupingSettings.Apply(options.Value, stored);
            await ReloadAsync(version, grouping);
            Grouping = grouping;
            if (settingsVersion != _settingsVersion)
            {
                _settingsVersion = settingsVersion;
                LogThresholdsApplied(settingsVersion);
            }
        }
    }

    /// <summary>Records that the writer's own commit moved the version on by one.</summary>
    public void Committed() => _version++;

    /// <summary>Forgets the copy, so the next <see cref="EnsureCurrentAsync"/> reloads.</summary>
    public void Invalidate() => _version = -1;

    /// <summary>Whether the copy was forgotten since it was last loaded: nothing is decided from it before it loads again.</summary>
    public bool Invalidated => _version < 0;

    /// <summary>Lets the space go (the lease was lost): nothing is decided from it, and the next <see cref="EnsureCurrentAsync"/> loads afresh.</summary>
    public void Drop()
    {
        Space = new ClusterSpace(Grouping, Ids.New, time);
        Invalidate();
    }

    private async Task ReloadAsync(long version, GroupingOptions grouping)
    {
        var started = time.GetTimestamp();
        var clusters = await membership.LoadAllAsync();
        // A reload follows a change of membership (a person's curation, a deletion, another writer), and
        // a stored vector never changes under its item (an edited report keeps the vector of its first
        // text, FeedbackEmbedder), so the members this copy holds are kept and only others are read.
        var members = new Dictionary<string, Member>(StringComparer.Ordinal);
        foreach (var member in Space.Members)
        {
            members.TryAdd(member.ItemId, member);
        }
        var toRead = clusters.SelectMany(c => c.ItemIds).Where(id => !members.ContainsKey(id)).ToList();
        var read = 0;
        var withoutVector = new List<string>();
        foreach (var chunk in toRead.Chunk(VectorReadBatch))
        {
            var vectorsOfChunk = await vectors.GetItemVectorsAsync(chunk, model.Dimension);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (vectorsOfChunk[i] is { } vector)
                {
                    members[chunk[i]] = ClusterSpace.MemberOf(chunk[i], vector);
                    read++;
                }
                else
                {
                    withoutVector.Add(chunk[i]);
                }
            }
        }
        MembersWithoutVector = withoutVector;

        var space = new ClusterSpace(grouping, Ids.New, time);
        space.Load(clusters.Select(c => (c.ClusterId, c.ItemIds.Where(members.ContainsKey).Select(id => members[id]))));
        space.SetAliases(await AliasesAsync(clusters, id => members.TryGetValue(id, out var member) ? member.Vector : null));
        Space = space;
        _version = version;
        Loads++;
        LogLoaded(clusters.Count, space.ItemCount, read, version, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {ClusterCount} clusters with {ItemCount} items ({ReadCount} vectors read from Redis, the rest kept) at version {Version} in {ElapsedMs} ms")]
    private partial void LogLoaded(int clusterCount, int itemCount, int readCount, long version, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied the clustering thresholds of version {SettingsVersion}")]
    private partial void LogThresholdsApplied(long settingsVersion);

    // A cluster a person merged others into keeps drawing each merged topic: every merged-away
    // cluster's reports, and the target's own reports besides them, each give a centroid standing for
    // the target, so a new report on either theme joins it although the merge averaged them.
    private async Task<List<(string TargetId, float[] Centroid)>> AliasesAsync(
        IReadOnlyList<ClusterMembership> clusters, Func<string, float[]?> unitVectorOf)
    {
        var mergedAway = await membership.LoadMergedAwayAsync([.. clusters.Select(c => c.ClusterId)]);
        var aliases = new List<(string TargetId, float[] Centroid)>();
        foreach (var target in mergedAway.GroupBy(m => m.TargetId, StringComparer.Ordinal))
        {
            var merged = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, _, itemIds) in target)
            {
                merged.UnionWith(itemIds);
                aliases.Add((target.Key, SumOfUnits(itemIds, unitVectorOf)));
            }
            var own = clusters.First(c => c.ClusterId == target.Key).ItemIds.Where(id => !merged.Contains(id)).ToList();
            aliases.Add((target.Key, SumOfUnits(own, unitVectorOf)));
        }
        return [.. aliases.Where(a => a.Centroid.Any(x => x != 0f))];
    }

    private static float[] SumOfUnits(IReadOnlyList<string> itemIds, Func<string, float[]?> unitVectorOf)
    {
        var units = itemIds.Select(unitVectorOf).OfType<float[]>().ToList();
        if (units.Count == 0)
        {
            return [];
        }
        var sum = new float[units[0].Length];
        foreach (var unit in units.Where(v => v.Length == sum.Length))
        {
            VectorMath.Add(sum, unit);
        }
        return sum;
    }
}

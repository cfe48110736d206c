using System.ComponentModel;
using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Sources;

/// <summary>
/// <c>GET/PUT /config/repositories</c>: where a fix for reports of each source goes. Each map takes
/// a source's own key to a repository address <c>https://github.com/{owner}/{repo}</c>:
/// <see cref="Github"/> the reporting issue's repository (<c>owner/name</c>), <see cref="Sentry"/> the
/// project slug, <see cref="Reddit"/> the subreddit (without <c>r/</c>). A GitHub report whose
/// repository has no entry maps to that repository itself.
/// </summary>
/// <param name="Version">Output only: bumped by every replacement; the answer's <c>ETag</c> carries it too, for <c>If-Match</c>.</param>
/// <remarks>
/// Any other member is refused, not ignored: a PUT replaces the whole mapping, so a source misspelt
/// (<c>githb</c>) would otherwise wipe that source's entries.
/// </remarks>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RepositoryMapping(
    IReadOnlyDictionary<string, string>? Github = null,
    IReadOnlyDictionary<string, string>? Sentry = null,
    IReadOnlyDictionary<string, string>? Reddit = null,
    [property: ReadOnly(true)] long? Version = null);

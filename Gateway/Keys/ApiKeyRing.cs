using System.Security.Cryptography;
using System.Text;
using FeedbackFix.Contracts;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Gateway.Keys;

/// <summary>
/// The API keys the gateway accepts, as SHA-256 hashes with their names and scopes, rebuilt when the
/// configuration changes (removing a key revokes it). A presented key is hashed and compared with
/// every entry in constant time, so neither the key nor how much of it matched shows in the timing.
/// </summary>
public sealed class ApiKeyRing : IDisposable
{
    public const string LegacyKeyName = "default";
    public const string AdminKeyName = "admin";

    private static readonly object CacheKey = new();
    private readonly IDisposable? _subscription;
    private volatile Entry[] _entries;
    private volatile byte[]? _adminKeyHash;

    public ApiKeyRing(IOptionsMonitor<GatewayOptions> options)
    {
        (_entries, _adminKeyHash) = Build(options.CurrentValue);
        _subscription = options.OnChange(changed => (_entries, _adminKeyHash) = Build(changed));
    }

    /// <summary>
    /// Who holds the key in a request's X-Api-Key, or null; worked out once per request (the rate
    /// limiter asks before authentication does). A valid X-Admin-Key beside any valid API key raises
    /// the request to admin scope, as the admin key alone did before named keys.
    /// </summary>
    public ApiKeyHolder? Find(HttpContext context)
    {
        if (context.Items.TryGetValue(CacheKey, out var cached))
        {
            return (ApiKeyHolder?)cached;
        }
        var holder = Find(context.Request.Headers[ApiHeaders.ApiKey].ToString());
        if (holder is not null && holder.Scope < ApiKeyScope.Admin &&
            Matches(_adminKeyHash, context.Request.Headers[ApiHeaders.AdminKey].ToString()))
        {
            holder = holder with { Scope = ApiKeyScope.Admin };
        }
        context.Items[CacheKey] = holder;
        return holder;
    }

    /// <summary>Who holds <paramref name="presented"/>, or null when no configured key is it.</summary>
    public ApiKeyHolder? Find(string presented)
    {
        if (presented.Length == 0)
        {
            return null;
        }
        var hash = Hash(presented);
        ApiKeyHolder? found = null;
        foreach (var entry in _entries)
        {
            // No early exit: every entry is compared whatever matched.
            if (CryptographicOperations.FixedTimeEquals(entry.Hash, hash))
            {
                found = new ApiKeyHolder(entry.Name, entry.Scope);
            }
        }
        return found;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public void Dispose() => _subscription?.Dispose();

    private static bool Matches(byte[]? expectedHash, string presented) =>
        expectedHash is not null && presented.Length > 0 && CryptographicOperations.FixedTimeEquals(expectedHash, Hash(presented));

    private static (Entry[] Entries, byte[]? AdminKeyHash) Build(GatewayOptions options)
    {
        var entries = options.ApiKeys
            .Select(pair => new Entry(pair.Key, pair.Value.KeyHash is { Length: > 0 } hex ? Convert.FromHexString(hex) : Hash(pair.Value.Key ?? ""), pair.Value.Scope))
            .ToList();
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            entries.Add(new Entry(LegacyKeyName, Hash(options.ApiKey), ApiKeyScope.ReadWrite));
        }
        byte[]? adminKeyHash = null;
        if (!string.IsNullOrEmpty(options.AdminKey))
        {
            adminKeyHash = Hash(options.AdminKey);
            entries.Add(new Entry(AdminKeyName, adminKeyHash, ApiKeyScope.Admin));
        }
        return ([.. entries], adminKeyHash);
    }

    private sealed record Entry(string Name, byte[] Hash, ApiKeyScope Scope);
}

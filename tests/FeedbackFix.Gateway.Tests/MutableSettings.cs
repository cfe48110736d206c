using Microsoft.Extensions.Configuration;

namespace FeedbackFix.Gateway.Tests;

/// <summary>A configuration source a test changes while the gateway runs, as a reloaded secret store would.</summary>
public sealed class MutableSettings(IDictionary<string, string?> initial) : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public override void Load()
    {
        foreach (var (key, value) in initial)
        {
            Data[key] = value;
        }
    }

    /// <summary>Removes every setting under <paramref name="prefix"/> and tells the configuration it changed.</summary>
    public void RemoveUnder(string prefix)
    {
        foreach (var key in Data.Keys.Where(key => key.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            Data.Remove(key);
        }
        OnReload();
    }
}

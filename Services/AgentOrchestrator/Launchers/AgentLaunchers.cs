namespace FeedbackFix.AgentOrchestrator.Launchers;

/// <summary>The launchers this orchestrator has, by the name jobs record.</summary>
public sealed class AgentLaunchers(IEnumerable<IAgentLauncher> launchers)
{
    private readonly Dictionary<string, IAgentLauncher> _byName = launchers.ToDictionary(l => l.Name, StringComparer.Ordinal);

    public IAgentLauncher? Find(string name) => _byName.GetValueOrDefault(name);

    public string Configured => string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal));
}

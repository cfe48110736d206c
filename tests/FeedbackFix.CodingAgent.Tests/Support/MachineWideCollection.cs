namespace FeedbackFix.CodingAgent.Tests.Support;

/// <summary>
/// Tests that watch the whole machine's process table (any git process counts) run alone, after the
/// others: another test's git would otherwise look like a leak.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MachineWideCollection
{
    public const string Name = "Machine-wide process checks";
}

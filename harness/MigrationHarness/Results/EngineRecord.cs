using MigrationHarness.Qemu;

namespace MigrationHarness.Results;

/// <summary>An engine of a run, as the manifest records it: where it was reached, its host's facts and its capacity.</summary>
public sealed record EngineRecord(string Name, HostFacts Host, int Slots);

namespace MigrationHarness.Containers;

/// <summary>One row of the engine's container list.</summary>
public sealed record ContainerInfo(string Id, string Image, string State, IReadOnlyDictionary<string, string> Labels);

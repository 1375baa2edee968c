namespace MigrationHarness.Containers;

/// <summary>What the engine says about a local image.</summary>
public sealed record ImageInfo(string Id, IReadOnlyList<string> Tags, DateTimeOffset Created, IReadOnlyDictionary<string, string> Labels);

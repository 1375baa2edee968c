namespace MigrationHarness.Yaml;

/// <summary>
/// What one place of a user's YAML document must hold, for the message when it holds something else.
/// </summary>
/// <param name="Path">The place: <c>""</c> the top level, <c>claims</c> a key of it, <c>claims[]</c> any item of that list, <c>claims[].between</c> a key of one.</param>
/// <param name="Expected">What belongs there, as a user would read it: "a list of two builds, like [qemu-7.2, qemu-10.0]".</param>
public sealed record YamlShape(string Path, string Expected);

namespace MigrationHarness.Qemu;

/// <summary>
/// A file every container of a run finds in its workspace (the guest firmware): given to the pool by the
/// layer that owns it, so the pool knows nothing of what a guest is.
/// </summary>
public sealed record WorkspaceFile(string Name, byte[] Bytes);

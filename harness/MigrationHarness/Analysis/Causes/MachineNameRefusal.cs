namespace MigrationHarness.Analysis.Causes;

/// <summary>
/// QEMU's machine-name check: the source writes its machine class's name into the stream's
/// <c>configuration</c> section, and the destination refuses the stream when that name is not its
/// own ("Machine type received is '…' and local is '…'", <c>configuration_post_load</c> in
/// <c>migration/savevm.c</c>, a <c>strncmp</c> of the two names). Its outcome depends on nothing but
/// the machine types the two command lines resolve to (an alias such as <c>pc</c> resolves to each
/// build's newest), so every run of the same two command lines refuses alike.
/// </summary>
public static class MachineNameRefusal
{
    /// <summary>The words QEMU's check reports with, in every release the default builds span.</summary>
    public const string Marker = "Machine type received is";

    /// <summary>Whether <paramref name="cause"/> is the check's refusal (a failure cause keyed by its line).</summary>
    public static bool Is(CaseCause cause) => cause.Kind == CauseKind.Failure && cause.Key.Contains(Marker, StringComparison.Ordinal);
}

namespace MigrationHarness.Analysis.Causes;

/// <summary>
/// Why an atomic difference (or a failure) exists, in the order attribution tries them. A finding is
/// one cause, not one combination of fields: the kind and its key (a feature, a property, a commit,
/// a field) are its identity.
/// </summary>
public enum CauseKind
{
    /// <summary>Crash, hang, lost memory or a refusal that is not a device-state load error: the failure is its own cause.</summary>
    Failure,
    /// <summary>The guest reads a mode-dependent bit in a mode that differs from what a 64-bit OS would see.</summary>
    CpuMode,
    /// <summary>One side's accelerator cannot give a feature: it is in that side's <c>filtered-features</c>.</summary>
    AcceleratorCapability,
    /// <summary>A change upstream made on purpose, from the shipped history (<see cref="History.UpstreamHistory"/>).</summary>
    IntendedChange,
    /// <summary>A QOM property of the CPU differs for the same machine type: a compat property missing or changed.</summary>
    MachineTypeCompat,
    /// <summary>Migrated state arrived different, or the destination refused to load a section.</summary>
    DeviceState,
    /// <summary>Nothing QEMU reports accounts for it.</summary>
    Unexplained,
}

public static class CauseKinds
{
    /// <summary>The kebab-case name in files and identities.</summary>
    public static string Name(this CauseKind kind) => kind switch
    {
        CauseKind.Failure => "failure",
        CauseKind.CpuMode => "cpu-mode",
        CauseKind.AcceleratorCapability => "accelerator-capability",
        CauseKind.IntendedChange => "intended-change",
        CauseKind.MachineTypeCompat => "machine-type-compat",
        CauseKind.DeviceState => "device-state",
        _ => "unexplained",
    };

    /// <summary>How a report names the cause.</summary>
    public static string Title(this CauseKind kind) => kind switch
    {
        CauseKind.Failure => "the failure itself",
        CauseKind.CpuMode => "CPU mode",
        CauseKind.AcceleratorCapability => "accelerator capability",
        CauseKind.IntendedChange => "intended upstream change",
        CauseKind.MachineTypeCompat => "machine-type compat",
        CauseKind.DeviceState => "device state",
        _ => "unexplained",
    };

    public static CauseKind Parse(string name) =>
        Enum.GetValues<CauseKind>().FirstOrDefault(k => k.Name() == name, (CauseKind)(-1)) is var k && (int)k >= 0
            ? k : throw new FormatException($"unknown cause '{name}' ({string.Join(", ", Enum.GetValues<CauseKind>().Select(c => c.Name()))})");
}

using MigrationHarness.Configs;
using MigrationHarness.Configs.Cpu;
using MigrationHarness.Analysis.Differences;

namespace MigrationHarness.Analysis.Causes;

/// <summary>
/// CPUID bits whose value depends on the CPU mode the guest reads them in. The guest firmware reads
/// CPUID in 32-bit protected mode; a 64-bit OS reads it in long mode. Where a build answers the two
/// modes differently, a difference between builds in what the guest read is an artefact of the mode,
/// not a change a 64-bit guest would see.
/// </summary>
public static class ModeDependentBits
{
    /// <param name="Since">The first release that answers by mode (older builds answer the same in every mode).</param>
    public sealed record Entry(uint Leaf, CpuidRegister Register, string Feature, string Accelerator, string Vendor, QemuVersion Since, string Why, string Reference);

    public static readonly IReadOnlyList<Entry> All =
    [
        // TCG with an Intel-vendor model reports SYSCALL only in 64-bit mode, as Intel CPUs do.
        new(0x80000001, CpuidRegister.Edx, "syscall", "tcg", "GenuineIntel", new QemuVersion(8, 1, 0),
            "TCG with an Intel-vendor model reports SYSCALL (80000001H:EDX[11]) only in 64-bit mode, as Intel CPUs do; the guest reads CPUID in 32-bit protected mode",
            "fd5dcb1ccd66 (8.1.0): target/i386: Intel only supports SYSCALL/SYSRET in long mode"),
    ];

    /// <summary>The entry that explains a feature difference between the two sides of a hop, if any.</summary>
    public static Entry? Explains(AtomicDifference atom, CauseEvidence evidence) =>
        atom.Feature is null ? null : All.FirstOrDefault(e =>
            e.Leaf == atom.Leaf && e.Register == atom.Register && e.Feature == atom.Feature
            && string.Equals(e.Accelerator, evidence.Accelerator, StringComparison.OrdinalIgnoreCase)
            && string.Equals(e.Vendor, evidence.Vendor, StringComparison.Ordinal)
            // Only a pair that straddles the change answers the same 32-bit read differently.
            && (evidence.SourceVersion >= e.Since) != (evidence.DestinationVersion >= e.Since));
}

using MigrationHarness.Checks;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Guest;
using MigrationHarness.Platform.X86.Checks;
using MigrationHarness.Qemu;

namespace MigrationHarness.Platform.X86;

/// <summary>
/// x86_64: the project's own firmware (<c>Guest/guest.asm</c>) loaded with <c>-bios</c>, and the PC
/// machine families (<c>pc-q35-X.Y</c>, <c>pc-i440fx-X.Y</c> versioned; <c>q35</c>, <c>pc</c> aliases).
/// </summary>
public sealed class X86Platform : IGuestPlatform
{
    public static readonly X86Platform Instance = new();

    private X86Platform() { }

    public GuestArchitecture Architecture => GuestArchitecture.X86_64;

    public WorkspaceFile Firmware => GuestImage.File;

    public IReadOnlyList<string> FirmwareArguments(string workspaceRoot) => ["-bios", $"{workspaceRoot}/{GuestImage.FileName}"];

    public bool IsVersioned(string machineType) => MachineTypes.IsVersioned(machineType);

    public string Family(string machineType) => MachineTypes.Family(machineType);

    /// <summary>Every vCPU's CPUID, MSRs, control and local APIC registers; the chipset as the BSP reads it.</summary>
    public IReadOnlyList<ICheck> GuestViewChecks { get; } = [new GuestVcpuCheck(), new GuestPlatformCheck()];
}

namespace MigrationHarness.Configs.Capabilities;

/// <summary>
/// The <c>-machine</c> properties the model knows: each changes what the guest sees or what the
/// migration stream carries, so a build that treats one differently from another is a finding.
/// The parser accepts them with whatever value is written (the build decides); the generator
/// draws the values listed here, and only properties every build of the pair lists for the
/// machine family (the capability probe asks each build with <c>qom-list-properties</c>).
/// </summary>
public static class MachinePropertyCatalog
{
    public sealed record Entry(string Name, IReadOnlyList<string> Values, string Why);

    public static readonly IReadOnlyList<Entry> All =
    [
        new("smm", ["on", "off"], "System Management Mode and SMRAM: chipset state in the stream"),
        new("vmport", ["on", "off"], "the VMware I/O port 0x5658"),
        new("hpet", ["on", "off"], "the HPET device and its ACPI table"),
        new("pit", ["on", "off"], "the i8254 PIT"),
        new("pic", ["on", "off"], "the i8259 PICs"),
        new("sata", ["on", "off"], "the q35 AHCI controller at 00:1f.2"),
        new("smbus", ["on", "off"], "the SMBus controller"),
        new("i8042", ["on", "off"], "the PS/2 controller"),
        new("acpi", ["on", "off"], "ACPI tables and the power-management device"),
        new("suppress-vmdesc", ["on", "off"], "whether the stream ends with the JSON device description"),
        new("max-ram-below-4g", ["1G", "2G"], "where RAM splits around the PCI hole: the guest's e820 map"),
    ];

    public static Entry? Find(string name) => All.FirstOrDefault(e => e.Name == name);

    /// <summary>The key a probe records a family's property under: "q35:smm".</summary>
    public static string Key(string family, string name) => $"{family}:{name}";
}

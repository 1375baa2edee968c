using System.Text;
using MigrationHarness.Findings.Vmstate;

namespace MigrationHarness.Findings;

/// <summary>
/// What QEMU itself can tell about why a config behaves differently on two builds: the QOM
/// properties of the CPU and machine that differ for the same command line, and the static vmstate
/// difference for the machine type, narrowed to the sections this config's migration stream carries.
/// </summary>
public sealed record Explanation(string Source, string Destination, string MachineType, IReadOnlyList<QomDifference> Properties,
    IReadOnlyList<VmstateDifference> Vmstate, IReadOnlyList<string> StreamSections, int OtherVmstateDifferences, string? Note)
{
    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine($"explain {MachineType}: {Source} → {Destination}");
        text.AppendLine();
        text.AppendLine(Properties.Count == 0
            ? "QOM properties: the CPU and the machine report the same values on both builds"
            : $"QOM properties that differ for the same command line ({Properties.Count}):");
        foreach (var p in Properties) text.AppendLine($"  {p}");
        text.AppendLine();
        text.AppendLine(StreamSections.Count > 0
            ? $"vmstate, sections in this config's stream ({StreamSections.Count}: {string.Join(", ", StreamSections)}):"
            : "vmstate, every section (no saved stream to narrow it to this config's devices):");
        if (Vmstate.Count == 0) text.AppendLine("  no difference");
        foreach (var d in Vmstate) text.AppendLine($"  {d}");
        if (OtherVmstateDifferences > 0) text.AppendLine($"  ({OtherVmstateDifferences} more differences in sections this config does not send)");
        if (Note is not null) text.AppendLine().AppendLine(Note);
        return text.ToString();
    }
}

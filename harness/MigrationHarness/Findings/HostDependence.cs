namespace MigrationHarness.Findings;

/// <summary>
/// Whether a finding is QEMU's alone or depends on what this host's KVM reports. A finding seen
/// under TCG is host-independent (TCG emulates the CPU the same on every host); one seen only
/// under KVM is host-dependent once a TCG replay did not show it, and unknown until replayed.
/// </summary>
public sealed record HostDependence(string Label, string Why)
{
    public static readonly HostDependence Independent = new("host-independent", "seen under TCG, which emulates the CPU the same on every host");

    public static HostDependence Dependent(string cpuModel) => new("host-dependent", $"seen under KVM on {cpuModel}, not under TCG");

    public static HostDependence Unknown(string cpuModel) => new("host-dependence unknown", $"seen only under KVM on {cpuModel}; not replayed under TCG");
}

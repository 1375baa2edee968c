namespace MigrationHarness.Findings.Vmstate;

/// <summary>What a vmstate difference does to a migration in one direction.</summary>
public enum VmstateImpact
{
    /// <summary>The receiving side loads it.</summary>
    None,
    /// <summary>Breaks only when the sender sends it (a subsection sent when its state needs it, a section of a device the VM may not have).</summary>
    WhenSent,
    /// <summary>The receiving side refuses it whenever the section is in the stream.</summary>
    Breaks,
}

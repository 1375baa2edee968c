namespace MigrationHarness.Findings.Vmstate;

/// <summary>One difference between two builds' vmstate for a section, and what it does forward (older → newer) and backward.</summary>
public sealed record VmstateDifference(string Section, string Path, string Text, VmstateImpact Forward, VmstateImpact Backward)
{
    public override string ToString() =>
        $"{Path}: {Text} [forward: {Describe(Forward)}, backward: {Describe(Backward)}]";

    private static string Describe(VmstateImpact impact) => impact switch
    {
        VmstateImpact.Breaks => "breaks",
        VmstateImpact.WhenSent => "breaks when sent",
        _ => "loads",
    };
}

using MigrationHarness.Configs;
using MigrationHarness.Findings;
using MigrationHarness.Findings.Vmstate;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Findings;

/// <summary>What QEMU tells about a pair, asked of real builds: their vmstate difference and the QOM properties the same command line sets differently.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class ExplainerTests(RealQemuFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task The_vmstate_of_two_builds_differs_by_devices_only_the_newer_has_which_break_only_backward()
    {
        var older = await VmstateDumper.DumpAsync(fixture.Pool, fixture.Build("qemu-7.2"), "pc-q35-7.2");
        var newer = await VmstateDumper.DumpAsync(fixture.Pool, fixture.Build("qemu-10.0"), "pc-q35-7.2");

        Assert.Equal(("pc-q35-7.2", "pc-q35-7.2"), (older.Machine, newer.Machine));
        Assert.True(older.Sections.Count > 100, $"{older.Sections.Count} sections");
        var differences = VmstateComparison.Between(older, newer);
        // igb (an Intel NIC model) came in QEMU 8.0: a stream with it cannot go back to 7.2.
        var igb = Assert.Single(differences, d => d.Section == "igb" && d.Path == "igb");
        Assert.Equal((VmstateImpact.None, VmstateImpact.WhenSent), (igb.Forward, igb.Backward));
    }

    [Fact(Timeout = 120_000)]
    public async Task The_unversioned_alias_is_explained_by_the_machine_type_each_build_resolves_it_to()
    {
        var config = VmConfig.Minimal("q35", fixture.Host.Accelerator);

        var explanation = await Explainer.ExplainAsync(fixture.Pool, fixture.Build("qemu-7.2"), fixture.Build("qemu-10.0"), config, streamFile: null);

        Assert.Null(explanation.Note);
        Assert.Contains(explanation.Properties, p => p.Object == "machine" && p.Property == "type"
                                                     && p.Older!.Contains("pc-q35-7.2") && p.Newer!.Contains("pc-q35-10.0"));
        Assert.Contains("machine.type:", explanation.Render());
        Assert.NotEmpty(explanation.Vmstate);
    }
}

using MigrationHarness.Configs;
using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Scenarios;

/// <summary>Each scenario passes for a simple config on real QEMU, with a paused and with a running guest.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class ScenarioTests(RealQemuFixture fixture)
{
    private static readonly SmpTopology TwoVcpus = new(2, 2, 2, 1, 1, 1);

    private async Task<CaseOutcome> RunAsync(VmConfig config, Scenario scenario, params string[] builds) =>
        await new CaseRunner(fixture.Pool).RunAsync(new CaseSpec(config, scenario, builds.Select(fixture.Build).ToArray()));

    private VmConfig Simple(string machineType) => VmConfig.Minimal(machineType, fixture.Host.Accelerator) with { Smp = fixture.CleanRunningSmp(TwoVcpus) };

    [Theory(Timeout = 90_000)]
    [InlineData("forward", GuestMode.Paused)]
    [InlineData("forward", GuestMode.Running)]
    [InlineData("backward", GuestMode.Paused)]
    [InlineData("backward", GuestMode.Running)]
    public async Task A_simple_config_migrates_in_each_direction(string kind, GuestMode guest)
    {
        var outcome = await RunAsync(Simple("pc-q35-10.0"), kind == "forward" ? new Forward(guest) : new Backward(guest), "qemu-10.0", "qemu-11.1");

        Assert.True(outcome.Verdict == Verdict.Pass, outcome.Judgement.Reason);
        var hop = Assert.Single(outcome.Observation.Hops);
        Assert.Equal(kind == "forward" ? ("qemu-10.0", "qemu-11.1") : ("qemu-11.1", "qemu-10.0"), (hop.From, hop.To));
    }

    [Theory(Timeout = 120_000)]
    [InlineData("qemu-5.2", "qemu-7.2", GuestMode.Paused)]
    [InlineData("qemu-10.0", "qemu-11.1", GuestMode.Paused)]
    [InlineData("qemu-7.2", "qemu-10.0", GuestMode.Paused)]
    [InlineData("qemu-10.0", "qemu-11.1", GuestMode.Running)]
    public async Task A_round_trip_brings_the_guest_back_exactly_as_it_was(string older, string newer, GuestMode guest)
    {
        var machine = $"pc-i440fx-{fixture.Build(older).Version.Major}.{fixture.Build(older).Version.Minor}";

        var outcome = await RunAsync(Simple(machine), new RoundTrip(guest), older, newer);

        Assert.True(outcome.Verdict == Verdict.Pass, outcome.Judgement.Reason);
        Assert.Equal([(older, newer), (newer, older)], outcome.Observation.Hops.Select(h => (h.From, h.To)));
    }

    // Paused only: with TCG, sources before 10.0 lose dirty pages of a running guest (a finding of this harness; see README),
    // so a running chain through them is data loss there, not a pass.
    [Theory(Timeout = 180_000)]
    [InlineData(GuestMode.Paused)]
    public async Task A_chain_goes_up_through_every_build_and_back_down(GuestMode guest)
    {
        var outcome = await RunAsync(Simple("pc-q35-5.2"), new Chain(guest), "qemu-5.2", "qemu-7.2", "qemu-10.0", "qemu-11.1");

        Assert.True(outcome.Verdict == Verdict.Pass, outcome.Judgement.Reason);
        Assert.Equal(["qemu-5.2→qemu-7.2", "qemu-7.2→qemu-10.0", "qemu-10.0→qemu-11.1", "qemu-11.1→qemu-10.0", "qemu-10.0→qemu-7.2", "qemu-7.2→qemu-5.2"],
            outcome.Observation.Hops.Select(h => $"{h.From}→{h.To}"));
    }

    [Theory(Timeout = 90_000)]
    [InlineData(GuestMode.Paused, "qemu-7.2", "qemu-11.1")]
    [InlineData(GuestMode.Running, "qemu-10.0", "qemu-11.1")]
    [InlineData(GuestMode.Paused, "qemu-11.1", "qemu-7.2")]
    [InlineData(GuestMode.Running, "qemu-11.1", "qemu-7.2")]
    public async Task Dimms_hot_plugged_on_the_source_arrive_on_the_destination_command_line(GuestMode guest, string from, string to)
    {
        var config = Simple("pc-q35-7.2") with
        {
            Memory = new MemoryLayout(512, 4, 8192),
            Dimms = [new Dimm("dimm0", DimmKind.PcDimm, 256, null, PlugTime.Cold), new Dimm("dimm1", DimmKind.PcDimm, 512, null, PlugTime.Hot)],
        };

        // The single hop goes from the first build given to the last: reversed, it is the backward direction.
        var outcome = await RunAsync(config, new HotplugThenMigrate(guest), from, to);

        Assert.True(outcome.Verdict == Verdict.Pass, outcome.Judgement.Reason);
        var hop = outcome.Observation.Hops[0];
        Assert.Equal((from, to), (hop.From, hop.To));
        Assert.DoesNotContain(hop.Source!.Argv, a => a.Contains("id=dimm1", StringComparison.Ordinal));
        Assert.Contains(hop.Destination!.Argv, a => a.StartsWith("pc-dimm,id=dimm1,", StringComparison.Ordinal) && a.Contains(",slot=", StringComparison.Ordinal));
        Assert.Contains(hop.Source.Qmp, line => line.Contains("\"device_add\""));
    }

    [Theory(Timeout = 90_000)]
    [InlineData(GuestMode.Paused, "qemu-7.2", "qemu-10.0")]
    [InlineData(GuestMode.Running, "qemu-10.0", "qemu-11.1")]
    [InlineData(GuestMode.Paused, "qemu-10.0", "qemu-7.2")]
    [InlineData(GuestMode.Running, "qemu-10.0", "qemu-7.2")]
    public async Task A_cpu_alias_on_the_source_and_its_versioned_name_on_the_destination_is_the_same_guest(GuestMode guest, string from, string to)
    {
        var config = Simple("pc-q35-7.2") with { Cpu = new CpuSpec("qemu64", []) };
        var scenario = new CpuAliasSpelling(guest);

        var outcome = await RunAsync(config, scenario, from, to);

        Assert.Equal(ExpectedOutcome.Pass, scenario.Expected);
        Assert.True(outcome.Verdict == Verdict.Pass, outcome.Judgement.Reason);
        Assert.Contains(outcome.Observation.Hops[0].Destination!.Argv, a => a.StartsWith("qemu64-v1", StringComparison.Ordinal));
    }

    [Fact(Timeout = 90_000)]
    public async Task Vcpus_a_cpu_model_gives_one_cpuid_apic_id_are_still_told_apart()
    {
        // The "base" model answers the same initial APIC ID in CPUID for every vCPU: the guest files each vCPU's table
        // under its local APIC's ID, so all three are compared instead of tearing one shared slot.
        var config = VmConfig.Minimal("pc-q35-10.0", fixture.Host.Accelerator) with { Smp = new SmpTopology(3, 3, 1, 1, 3, 1), Cpu = new CpuSpec("base", []) };

        var outcome = await RunAsync(config, new Forward(GuestMode.Paused), "qemu-10.0", "qemu-11.1");

        Assert.True(outcome.Verdict == Verdict.Pass, outcome.Judgement.Reason);
        Assert.Contains(outcome.Observation.Hops[0].Checks, c => c.Check == "guest-vcpu" && c.Summary.StartsWith("3 vCPUs", StringComparison.Ordinal));
    }
}

using MigrationHarness.Configs;
using MigrationHarness.Guest;
using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Oracles;

/// <summary>Faults planted on purpose into real migrations; each must come back with the right verdict.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class PlantedFaultTests(RealQemuFixture fixture)
{
    private CaseSpec Case(VmConfig config, Scenario scenario, params string[] builds) =>
        new(config, scenario, builds.Select(fixture.Build).ToArray());

    [Fact(Timeout = 60_000)]
    public async Task A_destination_with_one_cpu_feature_more_is_abi_drift_naming_the_feature()
    {
        var space = await fixture.SpaceAsync("qemu-7.2", "qemu-10.0");
        var feature = new[] { "sse4a", "abm", "3dnowprefetch", "misalignsse", "popcnt", "rdtscp", "fsgsbase", "bmi1" }.First(space.HostFeatures.Contains);
        var config = VmConfig.Minimal("pc-q35-7.2", fixture.Host.Accelerator);

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(Case(config, new Forward(GuestMode.Paused), "qemu-7.2", "qemu-10.0") with
        {
            Faults = new CaseFaults { DestinationConfig = c => c with { Cpu = c.Cpu with { Features = [new CpuFeature(feature, FeaturePolicy.Require)] } } },
        });

        Assert.Equal(Verdict.AbiDrift, outcome.Verdict);
        Assert.Contains(outcome.Observation.Hops[0].AbiDifferences, d => d.Detail.Contains("+" + feature));
        Assert.Contains("+" + feature, outcome.Judgement.Reason);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_destination_missing_a_hot_plugged_dimm_is_a_clean_reject()
    {
        var config = VmConfig.Minimal("pc-q35-7.2", fixture.Host.Accelerator) with
        {
            Memory = new MemoryLayout(512, 2, 4096),
            Dimms = [new Dimm("dimm0", DimmKind.PcDimm, 256, null, PlugTime.Hot)],
        };

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(Case(config, new HotplugThenMigrate(GuestMode.Paused), "qemu-7.2", "qemu-11.1") with
        {
            Faults = new CaseFaults { DestinationConfig = c => c with { Dimms = [] } },
        });

        Assert.Equal(Verdict.CleanReject, outcome.Verdict);
        var hop = outcome.Observation.Hops[0];
        Assert.True(hop.SourceHealthyAfterFailure);
        Assert.DoesNotContain("signal", hop.Destination!.Exit ?? "");
        Assert.Contains("mem-dimm0", hop.Destination.Stderr + hop.Error);
    }

    [Fact(Timeout = 60_000)]
    public async Task Numa_mem_on_one_side_and_memdev_on_the_other_is_a_clean_reject()
    {
        var config = VmConfig.Minimal("pc-i440fx-5.0", fixture.Host.Accelerator) with
        {
            Smp = new SmpTopology(2, 2, 2, 1, 1, 1),
            Memory = MemoryLayout.Fixed(512),
            Numa = new NumaLayout(NumaBacking.LegacyMem, [new NumaNode(0, 256, [0]), new NumaNode(1, 256, [1])], []),
        };
        var scenario = new NumaMemSpelling(GuestMode.Paused);

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(Case(config, scenario, "qemu-5.2", "qemu-7.2"));

        Assert.Equal(ExpectedOutcome.CleanReject, scenario.Expected);
        Assert.Equal(Verdict.CleanReject, outcome.Verdict);
        Assert.Contains("memdev=ram-node0", string.Join(' ', outcome.Observation.Hops[0].Destination!.Argv));
        Assert.Contains("mem=256M", string.Join(' ', outcome.Observation.Hops[0].Source!.Argv));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("destination")]
    [InlineData("source")]
    public async Task A_qemu_killed_mid_migration_is_a_crash(string victim)
    {
        var config = VmConfig.Minimal("pc-q35-7.2", fixture.Host.Accelerator);

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(Case(config, new Forward(GuestMode.Running), "qemu-7.2", "qemu-10.0") with
        {
            Faults = new CaseFaults
            {
                MaxBandwidth = 1024 * 1024,
                DuringMigration = (source, destination) => (victim == "source" ? source : destination).SignalAsync("KILL"),
            },
        });

        Assert.Equal(Verdict.Crash, outcome.Verdict);
        Assert.Contains("signal 9", outcome.Judgement.Reason);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_frozen_destination_is_a_hang_within_the_configured_timeout_naming_the_last_progress()
    {
        var config = VmConfig.Minimal("pc-q35-7.2", fixture.Host.Accelerator);
        var started = DateTime.UtcNow;
        var spec = Case(config, new Forward(GuestMode.Running), "qemu-7.2", "qemu-10.0") with
        {
            Faults = new CaseFaults { MaxBandwidth = 4 * 1024 * 1024, DuringMigration = (_, destination) => destination.SignalAsync("STOP") },
            Limits = CaseLimits.Default with { Migration = TimeSpan.FromSeconds(6) },
        };

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(spec);

        Assert.Equal(Verdict.Hang, outcome.Verdict);
        // The first window may still see bytes leave before the socket fills; the second sees nothing move: a hang.
        Assert.InRange(DateTime.UtcNow - started, spec.Limits.Migration, spec.Limits.Migration * 2 + TimeSpan.FromSeconds(20));
        Assert.Contains("last progress: status active", outcome.Observation.Hops[0].Error);
        Assert.Contains("nothing moved", outcome.Observation.Hops[0].Error);
        Assert.Empty(await fixture.RunningQemuAsync());
    }

    [Fact(Timeout = 90_000)]
    public async Task A_memory_dump_the_host_cannot_write_is_an_infrastructure_error_never_a_qemu_verdict()
    {
        var config = VmConfig.Minimal("pc-q35-7.2", fixture.Host.Accelerator);

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(Case(config, new Forward(GuestMode.Paused), "qemu-7.2", "qemu-10.0") with
        {
            Faults = new CaseFaults
            {
                // The case's directory goes away under both QEMUs: pmemsave cannot open its dump file, a failure of the host.
                BeforeDestinationCheck = async destination => await destination.Container.Shell.DeleteAsync(destination.Directory),
            },
        });

        Assert.True(outcome.Verdict == Verdict.InfraError, $"{outcome.Verdict}: {outcome.Judgement.Reason}");
        Assert.Contains("pmemsave", outcome.Judgement.Reason);
        Assert.Empty(await fixture.RunningQemuAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Guest_memory_altered_on_the_destination_is_data_loss()
    {
        var config = VmConfig.Minimal("pc-q35-7.2", fixture.Host.Accelerator);

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(Case(config, new Forward(GuestMode.Running), "qemu-10.0", "qemu-11.1") with
        {
            Faults = new CaseFaults
            {
                RamOnFile = true,
                BeforeDestinationCheck = async destination =>
                {
                    // Guest RAM below 2 GiB is the backend file at the same offset: overwrite one dirtied page, inside the container.
                    var offset = GuestLayout.DirtyStart + 100 * GuestLayout.PageSize;
                    var (exit, _, stderr) = await destination.Container.Docker.ExecAsync(destination.Container.ContainerId,
                        ["sh", "-c", "printf '\\357\\276\\255\\336' | dd of=\"$1\" bs=1 seek=\"$2\" conv=notrunc status=none", "plant",
                            $"{destination.Directory}/{destination.Role}.ram", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    Assert.True(exit.ExitCode == 0, stderr);
                },
            },
        });

        Assert.Equal(Verdict.DataLoss, outcome.Verdict);
        Assert.Contains($"first at 0x{GuestLayout.DirtyStart + 100 * GuestLayout.PageSize:X}: at +0x0 the source sent", outcome.Judgement.Reason);
        Assert.Contains("the destination holds 0xDEADBEEF", outcome.Judgement.Reason);
        Assert.Contains("1 of ", outcome.Judgement.Reason);
    }

    [Theory(Timeout = 90_000)]
    [InlineData(GuestMode.Paused)]
    [InlineData(GuestMode.Running)]
    public async Task Ram_that_qemu_never_sends_is_data_loss(GuestMode guest)
    {
        // x-ignore-shared tells QEMU not to send RAM the two sides are meant to share; here each side has its own file,
        // so the guest's pages never arrive and the destination holds an empty RAM: QEMU itself loses the data.
        var config = VmConfig.Minimal("pc-q35-10.0", fixture.Host.Accelerator);

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(Case(config, new Forward(guest), "qemu-10.0", "qemu-11.1") with
        {
            Faults = new CaseFaults { RamOnFile = true, Capabilities = ["x-ignore-shared"] },
        });

        Assert.True(outcome.Verdict == Verdict.DataLoss, outcome.Judgement.Reason);
        var memory = Assert.Single(outcome.Observation.Hops[0].Checks, c => c.Check == "guest-memory");
        Assert.Contains("the destination holds 0x00000000", memory.Summary);
        // The guest was not run on memory known to be wrong: no progress or CPUID check follows a loss.
        Assert.DoesNotContain(outcome.Observation.Hops[0].Checks, c => c.Check is "guest-progress" or "guest-vcpu");
    }

    [Theory(Timeout = 90_000)]
    [InlineData(GuestMode.Paused)]
    [InlineData(GuestMode.Running)]
    public async Task A_cpuid_change_only_the_guest_can_see_is_abi_drift(GuestMode guest)
    {
        // l3-cache=off changes the cache leaves CPUID answers, and nothing QMP's fingerprint reads.
        var config = VmConfig.Minimal("pc-q35-10.0", fixture.Host.Accelerator);

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(Case(config, new Forward(guest), "qemu-10.0", "qemu-11.1") with
        {
            Faults = new CaseFaults { DestinationConfig = c => c with { Cpu = c.Cpu with { Features = [new CpuFeature("l3-cache", FeaturePolicy.Disable)] } } },
        });

        Assert.True(outcome.Verdict == Verdict.AbiDrift, outcome.Judgement.Reason);
        var checks = outcome.Observation.Hops[0].Checks;
        Assert.True(checks.Single(c => c.Check == "qmp-fingerprint").Passed);
        var cpuid = checks.Single(c => c.Check == "guest-vcpu");
        Assert.Equal(Verdict.AbiDrift, cpuid.Verdict);
        Assert.Contains(cpuid.Differences, d => d.Aspect.Contains("cpuid 80000006.0 EDX", StringComparison.Ordinal));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_destination_that_renumbers_vcpus_is_refused_cleanly_because_apic_state_is_keyed_by_apic_id()
    {
        // Two sockets of three cores put the fourth vCPU at APIC ID 4; one socket of four cores puts it at 3. QEMU keys
        // each APIC's state by its ID, so the stream cannot load: renumbered vCPUs never reach a running guest (the
        // guest-vcpu check's APIC matching, unit-tested, is for builds that number the same command line differently).
        var config = VmConfig.Minimal("pc-q35-10.0", fixture.Host.Accelerator) with { Smp = new SmpTopology(4, 6, 2, 1, 3, 1) };

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(Case(config, new Forward(GuestMode.Running), "qemu-10.0", "qemu-11.1") with
        {
            Faults = new CaseFaults { DestinationConfig = c => c with { Smp = new SmpTopology(4, 4, 1, 1, 4, 1) } },
        });

        Assert.True(outcome.Verdict == Verdict.CleanReject, outcome.Judgement.Reason);
        Assert.Contains("'apic' 4", outcome.Judgement.Reason);
    }

    [Theory(Timeout = 90_000)]
    [InlineData(GuestMode.Paused)]
    [InlineData(GuestMode.Running)]
    public async Task Device_state_changed_on_the_paused_destination_is_abi_drift_naming_the_register(GuestMode guest)
    {
        // The guest programmed the master PIC's mask (0xFB) and the ELCR at boot; the destination's device state is changed
        // through the monitor before it runs, as a device whose state migrated wrongly would be. Nothing in RAM differs.
        var config = VmConfig.Minimal("pc-q35-10.0", fixture.Host.Accelerator);

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(Case(config, new Forward(guest), "qemu-10.0", "qemu-11.1") with
        {
            Faults = new CaseFaults
            {
                BeforeDestinationCheck = async destination =>
                    await destination.Qmp.ExecuteAsync("human-monitor-command", new Dictionary<string, object> { ["command-line"] = "o /b 0x21 0xf8" }),
            },
        });

        Assert.True(outcome.Verdict == Verdict.AbiDrift, outcome.Judgement.Reason);
        var hop = outcome.Observation.Hops[0];
        Assert.True(hop.Checks.Single(c => c.Check == "guest-memory").Passed);
        var platform = hop.Checks.Single(c => c.Check == "guest-platform");
        Assert.Equal(Verdict.AbiDrift, platform.Verdict);
        var difference = Assert.Single(platform.Differences);
        Assert.Equal("guest port 0x21 PIC1 IMR", difference.Aspect);
        Assert.Equal(("0xFB", "0xF8"), (difference.Source, difference.Destination));
        // Every read of both sides is in the evidence: PCI configuration space and the platform registers.
        Assert.Contains(platform.Evidence, e => e.StartsWith("source pci 00:1f.0 8086:2918 40:", StringComparison.Ordinal));
        Assert.Contains(platform.Evidence, e => e == "destination port 0x21 PIC1 IMR = 0xF8");
        Assert.True(hop.Checks.Single(c => c.Check == "guest-vcpu").Passed);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_same_migration_without_a_planted_fault_passes_with_memory_and_cpuid_checked()
    {
        var config = VmConfig.Minimal("pc-q35-7.2", fixture.Host.Accelerator) with { Smp = fixture.CleanRunningSmp(new SmpTopology(4, 4, 2, 1, 2, 1)) };

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(Case(config, new Forward(GuestMode.Running), "qemu-10.0", "qemu-11.1") with
        {
            Faults = new CaseFaults { RamOnFile = true },
        });

        Assert.True(outcome.Verdict == Verdict.Pass, outcome.Judgement.Reason);
        // The first hop compares the ranges the guest listed when it was ready on the source: the fixed ones, the dirtied
        // range, both view tables' filled slots, and the target pages across its RAM (at least a range's first and last).
        var memory = Assert.Single(outcome.Observation.Hops[0].Checks, c => c.Check == "guest-memory");
        var pages = long.Parse(memory.Summary.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var listedWithoutTargets = GuestLayout.FixedRanges.Concat(GuestLayout.ViewRanges((uint)config.Smp.Cpus - 1)).Append((Start: GuestLayout.DirtyStart, End: GuestLayout.DirtyEnd))
            .Sum(r => (r.End - r.Start) / GuestLayout.PageSize);
        Assert.True(pages >= listedWithoutTargets + 2, $"{memory.Summary}: fewer than the {listedWithoutTargets} pages listed besides the targets, and two targets");
    }
}

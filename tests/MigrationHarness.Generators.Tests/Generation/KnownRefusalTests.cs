using FsCheck.Xunit;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Configs.Generation;
using MigrationHarness.Configs.Shrinking;
using MigrationHarness.Configs.Validation;
using MigrationHarness.Generators.Tests.Infrastructure;

namespace MigrationHarness.Generators.Tests.Generation;

/// <summary>
/// A config every build refuses to start only ever comes back not applicable, so the generator
/// never draws one and the shrinker never makes one; one that only some builds refuse is a
/// difference between them, and is still drawn.
/// </summary>
public sealed class KnownRefusalTests
{
    private static readonly MachineProperty AcpiOff = new("acpi", "off");

    private static bool HasAcpiOffWithPcDimmOrNvdimm(VmConfig config) =>
        config.MachineProperties.Contains(AcpiOff) && config.Dimms.Any(d => d.Kind is DimmKind.PcDimm or DimmKind.Nvdimm);

    [Property(Arbitrary = [typeof(GeneratedConfigs)], MaxTest = 2000, Replay = "(6061616263646566676,1122334455667788991)")]
    public void No_generated_config_and_no_shrink_candidate_has_acpi_off_with_a_pc_dimm_or_nvdimm(ConfigInSpace drawn)
    {
        Assert.False(HasAcpiOffWithPcDimmOrNvdimm(drawn.Config), drawn.ToString());
        Assert.All(VmConfigShrinker.Shrink(drawn.Config, drawn.Space), candidate => Assert.False(HasAcpiOffWithPcDimmOrNvdimm(candidate), candidate.ToString()));
    }

    [Fact]
    public void Acpi_off_is_still_drawn_without_memory_devices_and_with_virtio_mem()
    {
        var configs = Samples(CapabilityData.Chain);

        Assert.Contains(configs, c => c.MachineProperties.Contains(AcpiOff) && c.Dimms.Count == 0);
        Assert.Contains(configs, c => c.MachineProperties.Contains(AcpiOff) && c.Dimms.Count > 0 && c.Dimms.All(d => d.Kind == DimmKind.VirtioMem));
    }

    [Fact]
    public void Shrinking_acpi_off_with_virtio_mem_never_turns_the_device_into_a_pc_dimm()
    {
        var space = CapabilityData.Space("qemu-7.2", "qemu-10.0");
        var config = VmConfig.Minimal("pc-q35-7.2", Accelerator.Tcg) with
        {
            Memory = new MemoryLayout(128, 2, 1152),
            Dimms = [new Dimm("dimm0", DimmKind.VirtioMem, 256, null, PlugTime.Cold)],
            MachineProperties = [AcpiOff, new MachineProperty("hpet", "off")],
        };

        var candidates = VmConfigShrinker.Shrink(config, space).ToArray();

        Assert.Contains(candidates, c => c.MachineProperties.Contains(AcpiOff) && c.Dimms.Count == 1);
        Assert.DoesNotContain(candidates, HasAcpiOffWithPcDimmOrNvdimm);
    }

    [Fact]
    public void Acpi_off_with_a_pc_dimm_is_still_drawn_when_one_build_of_the_space_is_not_known_to_refuse_it()
    {
        // A build older than any seen refusing it: what it does is worth a case.
        var older = CapabilityData.Get("qemu-5.2") with { Build = "qemu-5.1", QemuVersion = "5.1.0" };
        var space = new ConfigSpace([older, CapabilityData.Get("qemu-7.2")], hostEvidence: CapabilityData.BuildNames.Select(CapabilityData.Get).ToArray());

        Assert.Contains(Samples(space), HasAcpiOffWithPcDimmOrNvdimm);
    }

    [Fact]
    public void A_config_every_build_refuses_is_invalid_in_their_space_and_valid_where_one_build_may_take_it()
    {
        var config = VmConfig.Minimal("pc-q35-5.2", Accelerator.Tcg) with
        {
            Memory = new MemoryLayout(128, 2, 1152),
            Dimms = [new Dimm("dimm0", DimmKind.PcDimm, 128, null, PlugTime.Cold)],
            MachineProperties = [AcpiOff],
        };
        var older = CapabilityData.Get("qemu-5.2") with { Build = "qemu-5.1", QemuVersion = "5.1.0" };

        Assert.Contains(VmConfigRules.Validate(config, CapabilityData.Space("qemu-5.2", "qemu-7.2")), e => e.Message.Contains("every build (qemu-5.2, qemu-7.2) refuses to start it"));
        Assert.Empty(VmConfigRules.Validate(config, new ConfigSpace([older, CapabilityData.Get("qemu-7.2")])));
        Assert.Empty(VmConfigRules.Validate(config with { Dimms = [config.Dimms[0] with { Kind = DimmKind.VirtioMem }] }, CapabilityData.Space("qemu-5.2", "qemu-7.2")));
    }

    /// <summary>Configs of <paramref name="space"/>, drawn lazily: acpi=off with only virtio-mem devices is about one config in a thousand.</summary>
    private static IEnumerable<VmConfig> Samples(ConfigSpace space) => Enumerable.Range(0, 20_000).Select(i => VmConfigGen.Sample(space, 17, i, i % (VmConfigGen.MaxSize + 1)));
}

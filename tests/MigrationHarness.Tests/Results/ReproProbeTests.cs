using MigrationHarness.Abi;
using MigrationHarness.Checks;
using MigrationHarness.Migration;
using MigrationHarness.Oracles;
using MigrationHarness.Results;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Results;

/// <summary>Which QMP questions repro.sh asks, chosen from what drifted.</summary>
public sealed class ReproProbeTests
{
    [Fact]
    public void Drifted_feature_bits_and_properties_become_per_feature_and_per_property_questions()
    {
        var hop = Hop(
        [
            new AbiDifference("cpuid 7.0 EBX", "0x01800000", "0x01800200", "+erms"),
            new AbiDifference("cpu xlevel", "0", "2147483649", "0 → 2147483649"),
            new AbiDifference("memory-device dimm0", "a", "b", ""),
            new AbiDifference("guest apic 0 cpuid 4.0 EAX", "0x1", "0x2", ""),
        ]);

        var probes = ReproProbe.For(hop, out var unprobed);

        Assert.Equal(["machine type", "feature erms", "cpu xlevel", "memory devices"], probes.Select(p => p.Label));
        Assert.Equal("""{"execute":"qom-get","arguments":{"path":"/machine/peripheral/cpu0","property":"erms"},"id":"src1"}""", probes[1].Command("src1"));
        Assert.Equal("""{"execute":"query-memory-devices","id":"dst3"}""", probes[3].Command("dst3"));
        Assert.Equal(["guest apic 0 cpuid 4.0 EAX: "], unprobed);
    }

    [Fact]
    public void Without_a_cpu_path_in_the_transcript_the_first_cpu_has_its_usual_path()
    {
        var hop = Hop([new AbiDifference("cpu phys-bits", "32", "36", "32 → 36")]) with { Source = null };

        var probes = ReproProbe.For(hop, out _);

        Assert.Equal("""{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"phys-bits"},"id":"p"}""", probes[1].Command("p"));
    }

    private static HopObservation Hop(IReadOnlyList<AbiDifference> differences) =>
        new("qemu-7.2", "qemu-10.0", MigrationStatus.Completed, null,
            new SideEvidence("src", "qemu-7.2", [], ["<- {\"return\": [{\"cpu-index\": 0, \"qom-path\": \"/machine/peripheral/cpu0\"}]}"], "", null),
            null, true, [new CheckResult("qmp-fingerprint", Verdict.AbiDrift, "drift", differences)], PhaseTimings.Zero);
}

using MigrationHarness.Configs.Cpu;
using MigrationHarness.Guest;

namespace MigrationHarness.Abi;

/// <summary>
/// Compares what each vCPU saw executing CPUID before migration (on the source) with what it sees
/// after (on the destination), register by register. These include fields QMP cannot show:
/// topology counts and cache descriptors that QEMU computes at vCPU setup.
/// </summary>
public static class GuestCpuidComparison
{
    public static IReadOnlyList<AbiDifference> Compare(IReadOnlyList<GuestCpuid> before, IReadOnlyList<GuestCpuid> after)
    {
        var differences = new List<AbiDifference>();
        var afterByApic = after.ToDictionary(c => c.ApicId);
        foreach (var cpu in before)
        {
            if (!afterByApic.TryGetValue(cpu.ApicId, out var now))
            {
                differences.Add(new AbiDifference($"guest vcpu apic {cpu.ApicId}", "present", null, "the vCPU no longer reports"));
                continue;
            }
            var nowEntries = now.Entries.ToDictionary(e => (e.Leaf, e.Subleaf));
            foreach (var entry in cpu.Entries)
            {
                if (!nowEntries.TryGetValue((entry.Leaf, entry.Subleaf), out var later)) continue;
                foreach (var (register, a, b) in new[]
                         {
                             (CpuidRegister.Eax, entry.Eax, later.Eax), (CpuidRegister.Ebx, entry.Ebx, later.Ebx),
                             (CpuidRegister.Ecx, entry.Ecx, later.Ecx), (CpuidRegister.Edx, entry.Edx, later.Edx),
                         })
                {
                    if (a == b) continue;
                    var aspect = CpuidAspect.Name(entry.Leaf, entry.Subleaf, register);
                    differences.Add(new AbiDifference($"guest apic {cpu.ApicId} {aspect}", CpuidAspect.Value(a), CpuidAspect.Value(b),
                        AbiDifference.Describe(aspect, CpuidAspect.Value(a), CpuidAspect.Value(b))));
                }
            }
        }
        return differences;
    }
}

using MigrationHarness.Configs.Cpu;
using MigrationHarness.Guest;

namespace MigrationHarness.Abi;

/// <summary>
/// Compares what each vCPU saw before migration (on the source) with what it sees after (on the
/// destination): every CPUID leaf and subleaf register by register, a leaf one side has and the
/// other lacks, and every register it reads (an MSR gained or lost is "absent" on one side). These
/// include what QMP cannot show: topology counts and cache descriptors QEMU computes at vCPU
/// setup, MSR state migrated wrongly, local APIC programming lost.
/// </summary>
public static class GuestVcpuComparison
{
    public static IReadOnlyList<AbiDifference> Compare(IReadOnlyList<GuestVcpuView> before, IReadOnlyList<GuestVcpuView> after)
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
            var prefix = $"guest apic {cpu.ApicId}";
            CompareCpuid(prefix, cpu, now, differences);
            CompareRegisters(prefix, cpu.Registers, now.Registers, differences);
        }
        return differences;
    }

    private static void CompareCpuid(string prefix, GuestVcpuView cpu, GuestVcpuView now, List<AbiDifference> differences)
    {
        var nowEntries = now.Entries.ToDictionary(e => (e.Leaf, e.Subleaf));
        var beforeKeys = cpu.Entries.Select(e => (e.Leaf, e.Subleaf)).ToHashSet();
        foreach (var entry in cpu.Entries)
        {
            if (!nowEntries.TryGetValue((entry.Leaf, entry.Subleaf), out var later))
            {
                // A slot cut short on either side says nothing about a leaf it did not reach.
                if (!now.Truncated) differences.Add(LeafPresence(prefix, entry.Leaf, entry.Subleaf, "present", null));
                continue;
            }
            foreach (var (register, a, b) in new[]
                     {
                         (CpuidRegister.Eax, entry.Eax, later.Eax), (CpuidRegister.Ebx, entry.Ebx, later.Ebx),
                         (CpuidRegister.Ecx, entry.Ecx, later.Ecx), (CpuidRegister.Edx, entry.Edx, later.Edx),
                     })
            {
                if (a == b) continue;
                var aspect = CpuidAspect.Name(entry.Leaf, entry.Subleaf, register);
                differences.Add(new AbiDifference($"{prefix} {aspect}", CpuidAspect.Value(a), CpuidAspect.Value(b),
                    AbiDifference.Describe(aspect, CpuidAspect.Value(a), CpuidAspect.Value(b))));
            }
        }
        if (cpu.Truncated) return;
        foreach (var entry in now.Entries.Where(e => !beforeKeys.Contains((e.Leaf, e.Subleaf))))
            differences.Add(LeafPresence(prefix, entry.Leaf, entry.Subleaf, null, "present"));
    }

    // "cpuid-leaf", not "cpuid": these name a leaf, not a register, and are listed as they are rather than decoded.
    private static AbiDifference LeafPresence(string prefix, uint leaf, uint subleaf, string? source, string? destination) =>
        new($"{prefix} cpuid-leaf {leaf:X}.{subleaf:X}", source, destination,
            source is null ? "a leaf the source's CPUID did not answer appeared" : "a leaf the source's CPUID answered is gone");

    /// <summary>Registers matched by kind and index; one side that did not read a register says nothing about it.</summary>
    public static void CompareRegisters(string prefix, IReadOnlyList<GuestRegister> before, IReadOnlyList<GuestRegister> after, List<AbiDifference> differences)
    {
        var afterByKey = after.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First());
        foreach (var register in before)
        {
            if (!afterByKey.TryGetValue(register.Key, out var later)) continue;
            if (register.IsAbsent == later.IsAbsent && register.Value == later.Value) continue;
            var detail = (register.IsAbsent, later.IsAbsent) switch
            {
                (true, false) => "an MSR the source's vCPU lacked exists on the destination",
                (false, true) => "an MSR the source's vCPU had is gone (RDMSR faults)",
                _ => $"{register.ValueText} → {later.ValueText} (bits changed 0x{register.Value ^ later.Value:X})",
            };
            differences.Add(new AbiDifference($"{prefix} {register.Name}", register.ValueText, later.ValueText, detail));
        }
    }
}

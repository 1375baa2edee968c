using MigrationHarness.Configs;
using MigrationHarness.Results;
using MigrationHarness.Records;

namespace MigrationHarness.Tests.Infrastructure;

/// <summary>Hand-made case records for tests of what is computed from a case log (tiers, findings, reports): no QEMU involved.</summary>
public static class SampleRecords
{
    /// <summary>
    /// One single-hop case: <paramref name="from"/> → <paramref name="to"/>, judged <paramref name="verdict"/>;
    /// <paramref name="memoryMiB"/> makes configs distinct; a finding verdict gets a signature with <paramref name="detail"/>.
    /// </summary>
    public static CaseRecord Case(long index, string verdict, string from = "qemu-7.2", string to = "qemu-10.0", string machine = "pc-q35-7.2",
        string scenario = "forward/paused", long memoryMiB = 128, bool flaky = false, string detail = "destination: refused", string? error = null,
        Accelerator accelerator = Accelerator.Tcg)
    {
        var config = VmConfig.Minimal(machine, accelerator) with { Memory = MemoryLayout.Fixed(memoryMiB) };
        var finding = verdict is not ("pass" or "not-applicable" or "infra-error");
        var signature = finding ? $"{verdict} | {from}→{to} | {Configs.Capabilities.MachineTypes.Family(machine)} | {detail}" : null;
        return new CaseRecord($"c{index:D6}", index, 7, scenario, [from, to], machine, config, verdict.AsVerdict(), finding ? detail : "", flaky, [],
            signature, [new HopSummary(from, to, verdict.AsVerdict(), verdict == "pass" ? "Completed" : "Failed", error, null, null, [], [], null, null, [], 1)], 1);
    }
}

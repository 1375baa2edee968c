using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Exporters;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Tiers;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Tests.Exporters;

/// <summary>
/// One small campaign written out by hand, with every verdict a report shows (pass, abi-drift,
/// clean-reject, crash, hang, not-applicable), so the report texts can be snapshotted from inputs
/// that never change.
/// </summary>
public static class FixedRun
{
    private static readonly VmConfig Q35 = VmConfig.Minimal("pc-q35-5.2", Accelerator.Kvm);
    private static readonly VmConfig TwoCpus = Q35 with { Smp = Q35.Smp with { Cpus = 2, MaxCpus = 2, Cores = 2 } };
    private static readonly VmConfig I440fx = VmConfig.Minimal("pc-i440fx-5.2", Accelerator.Kvm);

    public static IReadOnlyList<ReadyBuild> Builds() =>
    [
        Ready("qemu-5.2", "5.2.0", 'a'),
        Ready("qemu-7.2", "7.2.0", 'b'),
    ];

    public static IReadOnlyList<CaseRecord> Cases() =>
    [
        Case(1, "forward/paused", Q35, "pass", "", null),
        Case(2, "forward/paused", TwoCpus, "pass", "", null),
        Case(3, "forward/running", Q35, "pass", "", null),
        // Judged with its cause, as runs record it now: the CPU mode, which no promise covers.
        Case(4, "backward/paused", Q35, "abi-drift", "guest-vcpu: 1 register difference(s): CPUID.80000001H:EDX[11] +syscall",
            "abi-drift | guest-vcpu | CPUID.80000001H:EDX[11]", ["CPUID.80000001H:EDX[11] +syscall"]) with
        {
            Causes =
            [
                new MigrationHarness.Analysis.Causes.CaseCause(MigrationHarness.Analysis.Causes.CauseKind.CpuMode, "syscall",
                    "TCG with an Intel-vendor model reports SYSCALL only in 64-bit mode", ["CPUID.80000001H:EDX[11] +syscall"]) { Breaks = false, Promise = "cpu-mode" },
            ],
        },
        Case(5, "forward/paused", I440fx, "clean-reject", "the destination refused the stream: Unknown ramblock \"pc.ram\"",
            "clean-reject | Unknown ramblock"),
        Case(6, "forward/running", TwoCpus, "crash", "the destination died during the migration: killed by signal 6 (exit 134)",
            "crash | destination | signal 6"),
        Case(7, "backward/running", I440fx, "hang", "the migration made no progress for 30 s", "hang | migration"),
        Case(8, "forward/paused", Q35 with { Cpu = Q35.Cpu with { Model = "Icelake-Server" } }, "not-applicable",
            "the source cannot start this config on this host", null),
    ];

    /// <summary>The same campaign again after a fix: the drift is gone, the crash stays, a new hang appears.</summary>
    public static IReadOnlyList<CaseRecord> CasesAfterAFix() =>
    [
        .. Cases().Where(c => c.Index is not (4 or 7)),
        Case(4, "backward/paused", Q35, "pass", "", null),
        Case(9, "backward/paused", TwoCpus, "hang", "the destination stopped answering QMP", "hang | destination QMP"),
    ];

    public static RunReport Report()
    {
        var folder = Folder("20260101-000000-7", "/runs/fixed", Cases());
        return new RunReport(folder.Manifest.RunId, folder.Manifest, folder.Cases, folder.Tiers, folder.Reproducers)
        {
            Today = new DateOnly(2026, 1, 1),
        };
    }

    public static RunFolder Folder(string id, string directory, IReadOnlyList<CaseRecord> cases)
    {
        var manifest = new RunManifest(id, 7, "mh run --cases 8 --seed 7", DateTimeOffset.UnixEpoch, Builds().Select(b => b.Resolved).ToArray(),
            new HostFacts("6.1.0-test", "AMD EPYC", true, 2, 24576), "kvm", "0.1.0", ["forward/paused", "forward/running", "backward/paused", "backward/running"],
            null, cases.Count, null, 1);
        var tiers = TierClassifier.Classify(cases, (a, b) => string.CompareOrdinal(a, b) < 0);
        var reproducers = cases.Where(c => c.Signature is not null).ToDictionary(c => c.Id, c => "reproducers/" + c.Id);
        return new RunFolder(directory, manifest, cases, tiers, reproducers);
    }

    private static ReadyBuild Ready(string name, string version, char digest) =>
        new(new Build(name, new BuildSource.ExistingImage("mh-build:" + name)),
            new ResolvedBuild(name, "image", "mh-build:" + name, "sha256:" + new string(digest, 64), version, "", "", DateTimeOffset.UnixEpoch));

    private static CaseRecord Case(long index, string scenario, VmConfig config, string verdict, string reason, string? signature,
        IReadOnlyList<string>? differences = null)
    {
        var backward = scenario.StartsWith("backward", StringComparison.Ordinal);
        string[] builds = backward ? ["qemu-7.2", "qemu-5.2"] : ["qemu-5.2", "qemu-7.2"];
        string[] argv = ["qemu-system-x86_64", "-machine", config.MachineType, "-accel", "kvm", "-m", config.Memory.SizeMiB + "M"];
        var hop = new HopSummary(builds[0], builds[1], verdict.AsVerdict(), verdict == "pass" ? "Completed" : "Failed", verdict == "pass" ? null : reason,
            "exit 0", verdict == "crash" ? "killed by signal 6 (exit 134)" : "exit 0", argv, [.. argv, "-incoming", "defer"],
            null, verdict == "crash" ? "qemu-system-x86_64: Aborted" : null, differences ?? [], 250 + index)
        {
            Checks = verdict == "pass" ? ["guest-memory: pass: 676 pages equal on both sides", "guest-vcpu: pass"] : [],
        };
        return new CaseRecord($"c{index:D6}", index, 7, scenario, builds, config.MachineType, config, verdict.AsVerdict(), reason, false, [], signature,
            verdict == "not-applicable" ? [] : [hop], 1000 + index);
    }
}

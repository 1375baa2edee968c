using MigrationHarness.Abi;
using MigrationHarness.Checks;
using MigrationHarness.Migration;
using MigrationHarness.Oracles;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Oracles;

/// <summary>Every path of the judgement, from hand-made observations (no QEMU): the verdict and the side it blames.</summary>
public sealed class OracleTests
{
    private static SideEvidence Side(string role, string? exit, string stderr = "", bool killedByHarness = false) =>
        new(role, role == "src" ? "qemu-7.2" : "qemu-10.0", [], [], stderr, exit) { KilledByHarness = killedByHarness };

    private static HopObservation Hop(MigrationStatus status, string? error = null, SideEvidence? source = null, SideEvidence? destination = null,
        bool healthy = true, params CheckResult[] checks) =>
        new("qemu-7.2", "qemu-10.0", status, error, source ?? Side("src", "exit 0"), destination ?? Side("dst0", null), healthy, checks, PhaseTimings.Zero);

    private static CheckResult Failing(string check, Verdict verdict) =>
        new(check, verdict, $"{check} says {verdict.Name()}", verdict == Verdict.AbiDrift ? [new AbiDifference("cpu level", "13", "14", "13 → 14")] : []);

    public static TheoryData<string, HopObservation, Verdict, string> Paths => new()
    {
        { "all checks pass", Hop(MigrationStatus.Completed, checks: [CheckResult.Pass("qmp-fingerprint", "equal")]), Verdict.Pass, "" },
        { "a signal on the source", Hop(MigrationStatus.Completed, source: Side("src", "killed by signal 11 (exit 139)")), Verdict.Crash, "source killed by signal 11" },
        { "a signal on the destination", Hop(MigrationStatus.MigrationFailed, destination: Side("dst0", "killed by signal 6 (exit 134)")), Verdict.Crash, "destination killed by signal 6" },
        { "an assertion in stderr", Hop(MigrationStatus.MigrationFailed, destination: Side("dst0", "exit 1", "qemu: ../hw/core.c:12: f: Assertion `x' failed.")), Verdict.Crash, "Assertion `x' failed" },
        { "exit 134 is an abort", Hop(MigrationStatus.MigrationFailed, destination: Side("dst0", "exit 134")), Verdict.Crash, "aborted" },
        { "the harness's own kill after quit is no crash", Hop(MigrationStatus.Completed, source: Side("src", "killed by signal 9 (exit 137)", killedByHarness: true)), Verdict.Pass, "" },
        { "a timeout", Hop(MigrationStatus.TimedOut, "destination: QEMU did not answer"), Verdict.Hang, "destination: QEMU did not answer" },
        { "no QMP at start", Hop(MigrationStatus.NeverAnswered, "QEMU (qemu-10.0, dst0) did not start: no QMP socket"), Verdict.Hang, "no QMP socket" },
        { "a process gone mid-step", Hop(MigrationStatus.ProcessDied, "destination (qemu-10.0) went away (exit 1)"), Verdict.Crash, "went away" },
        { "a refused command after migration", Hop(MigrationStatus.CommandFailed, "destination at stop: QMP 'stop' failed"), Verdict.Hang, "QMP 'stop' failed" },
        { "a refused migration, source healthy, destination exited cleanly", Hop(MigrationStatus.MigrationFailed, "source: failed; destination: error while loading state", destination: Side("dst0", "exit 1")), Verdict.CleanReject, "error while loading state" },
        { "a refused config at start", Hop(MigrationStatus.DestinationRefusedConfig, "did not start", destination: Side("dst0", "exit 1", "qemu-system-x86_64: unsupported machine type")), Verdict.CleanReject, "unsupported machine type" },
        { "a refused migration the source did not survive", Hop(MigrationStatus.MigrationFailed, "failed", source: Side("src", "exit 1"), healthy: false), Verdict.Crash, "source exited (exit 1)" },
        { "a refused migration after which the source hangs", Hop(MigrationStatus.MigrationFailed, "failed", source: Side("src", null), healthy: false), Verdict.Hang, "source stopped answering" },
        { "KVM internal error on the destination", Hop(MigrationStatus.DestinationNotRunning, "destination status after cont is 'internal-error'"), Verdict.Crash, "internal-error" },
        { "a destination that does not run", Hop(MigrationStatus.DestinationNotRunning, "the destination refuses to run: x"), Verdict.Hang, "refuses to run" },
        { "drift", Hop(MigrationStatus.Completed, checks: [Failing("qmp-fingerprint", Verdict.AbiDrift)]), Verdict.AbiDrift, "qmp-fingerprint" },
        { "data loss outranks drift", Hop(MigrationStatus.Completed, checks: [Failing("qmp-fingerprint", Verdict.AbiDrift), Failing("guest-memory", Verdict.DataLoss)]), Verdict.DataLoss, "guest-memory" },
        { "a hang outranks data loss", Hop(MigrationStatus.Completed, checks: [Failing("guest-memory", Verdict.DataLoss), Failing("guest-progress", Verdict.Hang)]), Verdict.Hang, "guest-progress" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Each_way_a_hop_can_end_gets_its_verdict(string what, HopObservation hop, Verdict expected, string reasonPart)
    {
        var judgement = Oracle.Judge(new CaseObservation(null, null, [hop], null));

        Assert.True(judgement.Verdict == expected, $"{what}: got {judgement.Verdict.Name()}: {judgement.Reason}");
        Assert.Contains(reasonPart, judgement.Reason);
        Assert.Equal(expected == Verdict.Pass ? null : 0, judgement.Hop);
    }

    [Fact]
    public void The_first_hop_that_fails_decides_and_is_named()
    {
        var hops = new[] { Hop(MigrationStatus.Completed), Hop(MigrationStatus.TimedOut, "stuck"), Hop(MigrationStatus.ProcessDied, "gone") };

        var judgement = Oracle.Judge(new CaseObservation(null, null, hops, null));

        Assert.Equal((Verdict.Hang, 1), (judgement.Verdict, judgement.Hop));
    }

    [Fact]
    public void Infrastructure_and_not_applicable_come_before_any_hop()
    {
        Assert.Equal(Verdict.InfraError, Oracle.Judge(CaseObservation.Infrastructure("engine down")).Verdict);
        Assert.Equal(Verdict.NotApplicable, Oracle.Judge(CaseObservation.NotApplicable("cannot start", null)).Verdict);
    }

    [Fact]
    public void Every_verdict_has_one_entry_in_the_table_and_severity_orders_them()
    {
        Assert.Equal(Enum.GetValues<Verdict>().Order(), VerdictTable.All.Select(v => v.Verdict).Order());
        Assert.Equal(VerdictTable.All.Length, VerdictTable.All.Select(v => v.Name).Distinct().Count());
        Assert.True(Verdict.Crash.Info().Severity > Verdict.Hang.Info().Severity && Verdict.Hang.Info().Severity > Verdict.DataLoss.Info().Severity
                    && Verdict.DataLoss.Info().Severity > Verdict.AbiDrift.Info().Severity);
        Assert.Equal(["abi-drift", "crash", "data-loss", "hang"], VerdictTable.All.Where(v => v.IsBroken).Select(v => v.Name).Order());
        Assert.True(VerdictTable.IsBroken("some-new-verdict"));
    }
}

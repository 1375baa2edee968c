using MigrationHarness.Findings;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Findings;

/// <summary>Findings, not cases: one per root cause across pairs and machine types, kept apart when what failed differs.</summary>
public sealed class FindingCatalogTests
{
    private const string CoresField = "CPUID.04H:EAX[31:26] (cores per package − 1)";
    private const string CacheField = "CPUID.04H:EAX[25:14] (logical processors sharing the cache − 1)";

    [Fact]
    public void The_same_change_on_two_pairs_and_two_machine_types_is_one_finding_with_both_places()
    {
        var findings = FindingCatalog.From(
        [
            SampleRecords.Case(0, "abi-drift", "qemu-7.2", "qemu-10.0", "pc-q35-7.2", detail: CoresField),
            SampleRecords.Case(1, "abi-drift", "qemu-5.2", "qemu-11.1", "pc-i440fx-5.2", detail: CoresField),
            SampleRecords.Case(2, "abi-drift", "qemu-7.2", "qemu-10.0", "pc-q35-7.2", detail: CoresField),
        ], "test cpu");

        var finding = Assert.Single(findings);
        Assert.Equal((3, "c000000", "c000002"), (finding.Count, finding.FirstCase, finding.LastCase));
        Assert.Equal("qemu-5.2→qemu-11.1, qemu-7.2→qemu-10.0", finding.Pairs);
        Assert.Equal([1, 2], finding.SeenOn.Select(o => o.Cases));
        Assert.Equal($"abi-drift | {CoresField}", finding.Identity);
    }

    [Fact]
    public void Two_different_fields_of_the_same_leaf_are_two_findings_with_different_ids()
    {
        var findings = FindingCatalog.From(
        [
            SampleRecords.Case(0, "abi-drift", detail: CoresField),
            SampleRecords.Case(1, "abi-drift", detail: CacheField),
        ], "test cpu");

        Assert.Equal(2, findings.Count);
        Assert.NotEqual(findings[0].Id, findings[1].Id);
    }

    [Fact]
    public void The_id_is_stable_across_runs_and_the_identity_drops_pair_and_family()
    {
        var identity = FindingCatalog.IdentityOf("crash | qemu-10.0→qemu-11.1 | pc-q35 | source SIGABRT: physmem.c:#: assertion failed");

        Assert.Equal("crash | source SIGABRT: physmem.c:#: assertion failed", identity);
        Assert.Equal(FindingCatalog.IdOf(identity), FindingCatalog.IdOf("crash | source SIGABRT: physmem.c:#: assertion failed"));
        Assert.Matches("^F[0-9a-f]{8}$", FindingCatalog.IdOf(identity));
    }

    [Fact]
    public void Flaky_cases_and_passes_are_not_findings_and_the_most_severe_comes_first()
    {
        var findings = FindingCatalog.From(
        [
            SampleRecords.Case(0, "pass"),
            SampleRecords.Case(1, "clean-reject"),
            SampleRecords.Case(2, "crash", flaky: true, detail: "source SIGSEGV"),
            SampleRecords.Case(3, "data-loss", detail: "guest-memory"),
        ], "test cpu");

        Assert.Equal(["data-loss", "clean-reject"], findings.Select(f => f.Verdict.Name()));
    }

    [Fact]
    public void A_finding_seen_under_TCG_is_host_independent_and_one_seen_only_under_KVM_is_not_yet_known()
    {
        var tcg = Assert.Single(FindingCatalog.From([SampleRecords.Case(0, "abi-drift", detail: CoresField)], "AMD EPYC"));
        var kvm = Assert.Single(FindingCatalog.From([SampleRecords.Case(0, "abi-drift", detail: CoresField, accelerator: Configs.Accelerator.Kvm)], "AMD EPYC"));

        Assert.Equal("host-independent", tcg.Host.Label);
        Assert.Equal("host-dependence unknown", kvm.Host.Label);
        Assert.Contains("AMD EPYC", kvm.Host.Why);
    }

    [Fact]
    public void A_run_under_both_accelerators_says_which_of_them_saw_each_finding_and_a_run_under_one_says_nothing()
    {
        var both = Assert.Single(FindingCatalog.From([SampleRecords.Case(0, "abi-drift", detail: CoresField, accelerator: Configs.Accelerator.Kvm),
            SampleRecords.Case(1, "abi-drift", detail: CoresField)], "AMD EPYC"));
        var kvmOnly = Assert.Single(FindingCatalog.From([SampleRecords.Case(0, "abi-drift", detail: CoresField, accelerator: Configs.Accelerator.Kvm)], "AMD EPYC"));

        Assert.Equal(["kvm", "tcg"], both.Accelerators);
        Assert.Equal(" under kvm and tcg", both.AcceleratorsIn("kvm+tcg"));
        Assert.Equal(" under kvm only", kvmOnly.AcceleratorsIn("kvm+tcg"));
        Assert.Equal("", kvmOnly.AcceleratorsIn("kvm"));
    }
}

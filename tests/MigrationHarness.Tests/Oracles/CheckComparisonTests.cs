using MigrationHarness.Platform.X86.Checks;
using System.Collections.Immutable;
using MigrationHarness.Abi;
using MigrationHarness.Checks;
using MigrationHarness.Guest;
using MigrationHarness.Oracles;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Oracles;

/// <summary>The comparisons of each check, from hand-made readings: what differs, and the verdict it implies.</summary>
public sealed class CheckComparisonTests
{
    private static MemoryRegion Region(long address, int pages, Func<int, uint> value)
    {
        var bytes = new byte[pages * GuestLayout.PageSize];
        for (var p = 0; p < pages; p++) BitConverter.GetBytes(value(p)).CopyTo(bytes, p * GuestLayout.PageSize);
        return new MemoryRegion(address, bytes);
    }

    [Fact]
    public void Memory_equal_on_both_sides_passes_whatever_pattern_concurrent_writers_left()
    {
        // Two writers interleaved mid-pass: no invariant over pass numbers holds, but both sides hold the same bytes.
        var pages = Region(0x400000, 512, p => (uint)(p % 2 == 0 ? 7 + p % 5 : 3));

        var result = new GuestMemoryCheck().Compare(new MemoryReading([pages]), new MemoryReading([pages with { Bytes = (byte[])pages.Bytes.Clone() }]));

        Assert.True(result.Passed, result.Summary);
        Assert.Contains("512 pages equal", result.Summary);
    }

    [Fact]
    public void One_stale_page_is_data_loss_naming_the_page_and_both_values()
    {
        var source = Region(0x400000, 512, _ => 42);
        var destination = Region(0x400000, 512, p => p == 100 ? 41u : 42u);

        var result = new GuestMemoryCheck().Compare(new MemoryReading([source]), new MemoryReading([destination]));

        Assert.Equal(Verdict.DataLoss, result.Verdict);
        Assert.Contains("1 of 512 pages differ", result.Summary);
        Assert.Contains("first at 0x464000: at +0x0 the source sent 0x0000002A, the destination holds 0x00000029", result.Summary);
    }

    [Fact]
    public void A_region_the_destination_did_not_give_counts_every_page_and_the_list_is_capped()
    {
        var source = Region(0x400000, 40, _ => 1);

        var comparison = MemoryComparison.Of([source], []);

        Assert.Equal(40, comparison.DifferingCount);
        Assert.Equal(MemoryComparison.Listed, comparison.Differing.Count);
    }

    [Fact]
    public void Memory_digests_that_match_pass_counting_pages_as_the_byte_comparison_does()
    {
        MemoryDigest[] digests = [new(0x8000, 0x9000, "aa"), new(0x400000, 0x600000, "bb"), new(0x100000000, 0x100000800, "cc")];

        var result = new GuestMemoryCheck().Compare(new MemoryReading([]) { Digests = digests }, new MemoryReading([]) { Digests = digests.ToArray() });

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal("514 pages equal on both sides", result.Summary);
    }

    [Fact]
    public async Task Memory_digests_that_differ_read_both_sides_bytes_and_name_the_page_and_both_values()
    {
        var source = Region(0x400000, 4, p => (uint)p);
        var destination = Region(0x400000, 4, p => p == 2 ? 0xdeadu : (uint)p);
        MemoryReading Digest(MemoryRegion region, string sha) => new([])
        {
            Digests = [new MemoryDigest(region.Address, region.End, sha)],
            Whole = _ => Task.FromResult(new MemoryReading([region])),
        };
        ICheck check = new GuestMemoryCheck();

        var summary = check.Compare(Digest(source, "aa"), Digest(destination, "bb"));
        var result = await check.CompareAsync(Digest(source, "aa"), Digest(destination, "bb"));

        Assert.Equal(Verdict.DataLoss, summary.Verdict);
        Assert.StartsWith("1 of 1 ranges differ", summary.Summary);
        Assert.Equal(Verdict.DataLoss, result.Verdict);
        Assert.StartsWith("1 of 4 pages differ from what the source sent, first at 0x402000", result.Summary);
        Assert.Contains("the destination holds 0x0000DEAD", result.Evidence[0]);
    }

    private static GuestVcpuView Cpu(uint apic, uint level = 0xD, uint cores = 2) =>
        new(apic, 1, [new CpuidEntry(0, 0, level, 0x756E6547, 0x6C65746E, 0x49656E69), new CpuidEntry(4, 0, (cores - 1) << 26 | 0x121, 0, 0, 0)]);

    [Fact]
    public void Guest_cpuid_equal_on_every_vcpu_passes()
    {
        var result = new GuestVcpuCheck().Compare(new GuestVcpuReading([Cpu(0), Cpu(1)], true), new GuestVcpuReading([Cpu(1), Cpu(0)], true));

        Assert.True(result.Passed, result.Summary);
    }

    [Fact]
    public void A_changed_register_is_drift_with_the_leaf_named()
    {
        var result = new GuestVcpuCheck().Compare(new GuestVcpuReading([Cpu(0)], true), new GuestVcpuReading([Cpu(0, cores: 4)], true));

        Assert.Equal(Verdict.AbiDrift, result.Verdict);
        var difference = Assert.Single(result.Differences);
        Assert.Equal("guest apic 0 cpuid 4.0 EAX", difference.Aspect);
    }

    [Fact]
    public void Renumbered_vcpus_are_drift_naming_the_apic_ids_not_a_hang()
    {
        // The destination's topology gives the second vCPU another APIC ID: the old one never answers, a new one does.
        var result = new GuestVcpuCheck().Compare(new GuestVcpuReading([Cpu(0), Cpu(2)], true), new GuestVcpuReading([Cpu(0), Cpu(4)], false));

        Assert.Equal(Verdict.AbiDrift, result.Verdict);
        Assert.Contains(result.Differences, d => d.Aspect == "guest vcpu apic 2" && d.Destination is null);
        Assert.Contains(result.Differences, d => d.Aspect == "guest vcpu apic 4" && d.Source is null);
    }

    [Fact]
    public void Vcpus_that_stop_answering_are_a_hang()
    {
        var result = new GuestVcpuCheck().Compare(new GuestVcpuReading([Cpu(0), Cpu(1)], true), new GuestVcpuReading([Cpu(0)], false));

        Assert.Equal(Verdict.Hang, result.Verdict);
        Assert.Contains("1 of 2 vCPUs did not answer", result.Summary);
    }

    [Fact]
    public void An_empty_source_table_is_said_to_be_uncompared_rather_than_passed_silently()
    {
        var result = new GuestVcpuCheck().Compare(new GuestVcpuReading([], true), new GuestVcpuReading([Cpu(0)], true));

        Assert.True(result.Passed);
        Assert.StartsWith("not compared", result.Summary);
    }

    private static AbiFingerprint Fingerprint(string level, params string[] filtered) =>
        new(ImmutableSortedDictionary<string, string>.Empty.Add("cpu level", level).Add("cpuid 7.0 EBX", "0x00000200")) { FilteredFeatures = [.. filtered] };

    [Fact]
    public void Filtered_features_that_differ_are_evidence_not_drift()
    {
        var result = new QmpFingerprintCheck().Compare(new FingerprintReading(Fingerprint("13", "erms")), new FingerprintReading(Fingerprint("13")));

        Assert.True(result.Passed, result.Summary);
    }

    [Fact]
    public void A_drift_shows_what_each_host_filtered_beside_it()
    {
        var result = new QmpFingerprintCheck().Compare(new FingerprintReading(Fingerprint("13", "erms")), new FingerprintReading(Fingerprint("14")));

        Assert.Equal(Verdict.AbiDrift, result.Verdict);
        Assert.Equal("cpu level", Assert.Single(result.Differences).Aspect);
        Assert.Contains("host filtered on the source: erms", result.Evidence);
        Assert.Contains("host filtered on the destination: (none)", result.Evidence);
    }

    [Fact]
    public void A_question_only_one_side_answers_is_drift_and_one_neither_answers_is_not()
    {
        var check = new QmpFingerprintCheck();
        var answered = new FingerprintReading(Fingerprint("13"));

        Assert.Equal(Verdict.AbiDrift, check.Compare(answered, new UnreadableReading("no such command")).Verdict);
        Assert.True(check.Compare(new UnreadableReading("a"), new UnreadableReading("b")).Passed);
    }

    [Fact]
    public void A_guest_that_made_no_progress_is_a_hang()
    {
        var header = new GuestHeader(GuestLayout.Magic, 10, 10, 1, 3, 0, 0);
        var check = new GuestProgressCheck();

        Assert.Equal(Verdict.Hang, check.Compare(new ProgressReading(header, header), new ProgressReading(header, null)).Verdict);
        Assert.True(check.Compare(new ProgressReading(header, header), new ProgressReading(header, header with { Heartbeat = 12, Generation = 6 })).Passed);
    }

    [Fact]
    public void Checks_read_together_keep_their_results_up_to_the_first_hang_and_all_of_them_without_one()
    {
        var progress = new CheckResult("guest-progress", Verdict.Hang, "no heartbeat", []);
        var vcpu = new CheckResult("guest-vcpu", Verdict.AbiDrift, "incomplete", []);
        var platform = CheckResult.Pass("guest-platform", "equal");

        Assert.Equal([progress], CheckResult.UpToFirstHang([progress, vcpu, platform]));
        Assert.Equal([platform, progress], CheckResult.UpToFirstHang([platform, progress, vcpu]));
        Assert.Equal([vcpu, platform], CheckResult.UpToFirstHang([vcpu, platform]));
        Assert.Empty(CheckResult.UpToFirstHang([]));
    }
}

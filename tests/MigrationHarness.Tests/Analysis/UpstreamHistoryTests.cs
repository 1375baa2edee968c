using MigrationHarness.Analysis.Causes;
using MigrationHarness.Analysis.History;
using MigrationHarness.Configs;
using MigrationHarness.Analysis.Differences;

namespace MigrationHarness.Tests.Analysis;

/// <summary>The shipped upstream history: every entry sourced, and each kind of match on the failures this host's runs showed.</summary>
public sealed class UpstreamHistoryTests
{
    private static readonly UpstreamHistory History = UpstreamHistory.Default;

    private static CauseEvidence Hop(string from, string to) => new("tcg", $"qemu-{from}", QemuVersion.Parse(from), $"qemu-{to}", QemuVersion.Parse(to));

    [Fact]
    public void Every_entry_names_its_commit_what_it_changes_and_where_that_was_read()
    {
        Assert.NotEmpty(History.Entries);
        Assert.All(History.Entries, e =>
        {
            Assert.Matches("^[0-9a-f]{11,40}$", e.Commit);
            Assert.False(string.IsNullOrWhiteSpace(e.Title), e.Id);
            Assert.False(string.IsNullOrWhiteSpace(e.What), e.Id);
            Assert.False(string.IsNullOrWhiteSpace(e.Source), e.Id);
            if (e.Intended) Assert.NotNull(e.Release);
            Assert.True(e.Subjects.Count > 0 || e.Failure is not null, e.Id);
        });
    }

    [Fact]
    public void The_tlb_reset_dirty_range_all_abort_is_a_known_bug_of_sources_from_9_0_on()
    {
        const string detail = "source SIGABRT: qemu-system-x86_64: system/physmem.c:#: tlb_reset_dirty_range_all: Assertion `block == qemu_get_ram_block(end - #)' failed.";

        // A pc-dimm besides the machine's RAM: two blocks.
        Assert.Equal("tcg-dirty-sync-block-relative-offset", History.KnownBugFor("crash", detail, Hop("10.0.13", "11.1.3") with { RamBlocks = 2 })?.Id);
        Assert.Null(History.KnownBugFor("crash", detail, Hop("7.2.22", "10.0.13") with { RamBlocks = 2 }));
        Assert.Contains("unfixed", History.Find("tcg-dirty-sync-block-relative-offset")!.Label);
    }

    [Fact]
    public void Lost_guest_memory_from_a_TCG_source_before_9_0_is_the_bug_9_0_fixed()
    {
        Assert.Equal("tcg-dirty-bits-lost-before-9.0", History.KnownBugFor("data-loss", "guest-memory", Hop("7.2.22", "10.0.13"))?.Id);
        Assert.Null(History.KnownBugFor("data-loss", "guest-memory", Hop("10.0.13", "11.1.3")));
        Assert.Contains("fixed in 9.0.0 by 03bfc2188f06", History.Find("tcg-dirty-bits-lost-before-9.0")!.Label);
    }

    [Fact]
    public void Lost_guest_memory_from_a_TCG_source_from_9_0_on_is_the_block_offset_bug_only_with_several_ram_blocks()
    {
        var twoBlocks = Hop("11.1.3", "7.2.22") with { RamBlocks = 2 };

        Assert.Equal("tcg-dirty-sync-block-relative-offset", History.KnownBugFor("data-loss", "guest-memory", twoBlocks)?.Id);
        Assert.Null(History.KnownBugFor("data-loss", "guest-memory", Hop("11.1.3", "7.2.22")));
        Assert.Null(History.KnownBugFor("data-loss", "guest-memory", twoBlocks with { Accelerator = "kvm" }));
        // Before 9.0 the older bug explains the loss, whatever the blocks.
        Assert.Equal("tcg-dirty-bits-lost-before-9.0", History.KnownBugFor("data-loss", "guest-memory", Hop("7.2.22", "11.1.3") with { RamBlocks = 2 })?.Id);
    }

    [Fact]
    public void An_entry_requiring_what_the_history_cannot_check_is_refused_when_read()
    {
        const string yaml = """
            entries:
              - id: x
                kind: known-bug
                commit: 03bfc2188f06
                title: t
                what: w
                failure: 'crash'
                requires: several-vcpus
                source: s
            """;

        var error = Assert.Throws<FormatException>(() => UpstreamHistory.Parse(yaml));
        Assert.Contains("several-ram-blocks", error.Message);
    }

    [Fact]
    public void A_destination_refusing_a_preallocated_virtio_mem_memdev_is_intended_only_from_a_source_before_8_0()
    {
        const string detail = "destination: qemu-system-x86_64: -device virtio-mem-pci,id=dimm3,memdev=mem-dimm3,node=#,requested-size=#,memaddr=#: " +
                              "'memdev' property specifies a memdev with preallocation enabled: mem-dimm3. Instead, specify 'prealloc=on' for the virtio-mem device.";

        Assert.Equal("virtio-mem-refuses-preallocated-memdev", History.IntendedRefusalFor("clean-reject", detail, Hop("5.2.0", "11.1.3"))?.Id);
        Assert.Null(History.IntendedRefusalFor("clean-reject", detail, Hop("10.0.13", "11.1.3")));
    }
}

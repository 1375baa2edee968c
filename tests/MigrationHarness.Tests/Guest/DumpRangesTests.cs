using MigrationHarness.Guest;

namespace MigrationHarness.Tests.Guest;

/// <summary>The ranges a memory read dumps: joined where no byte outside RAM is read, apart everywhere else.</summary>
public sealed class DumpRangesTests
{
    [Fact]
    public void The_guests_own_ranges_below_16_mib_join_where_the_gaps_are_short_and_always_ram()
    {
        var ranges = DumpRanges.Coalesced([.. GuestLayout.FixedRanges, .. GuestLayout.ViewRanges(3), (GuestLayout.DirtyStart, GuestLayout.DirtyEnd)]);

        Assert.Equal(
        [
            (0x6000L, 0x70000L), // header, code and AP stacks: gaps of 88 and 192 KiB of low RAM
            (GuestLayout.Targets, GuestLayout.PlatformCurrent + GuestLayout.PlatformSize), // target list, RAM map, page tables and both platform tables
            (GuestLayout.DirtyStart, GuestLayout.DirtyEnd), // 2.4 MiB from the tables: apart
            (GuestLayout.TableInitial, GuestLayout.TableInitial + 4L * GuestLayout.SlotSize),
            (GuestLayout.TableCurrent, GuestLayout.TableCurrent + 4L * GuestLayout.SlotSize),
        ], ranges);
    }

    [Fact]
    public void Pages_elsewhere_join_only_when_they_touch_or_overlap_and_no_gap_across_the_rom_hole_is_read()
    {
        const long Page = GuestLayout.PageSize;
        var ranges = DumpRanges.Coalesced(
        [
            (0x40000000 + Page, 0x40000000 + 2 * Page), (0x40000000, 0x40000000 + Page), // a node's last page and the next node's first
            (0x40000000, 0x40000000 + Page), // listed twice
            (0x50000000, 0x50000000 + Page), (0x50000000 + 3 * Page, 0x50000000 + 4 * Page), // 8 KiB apart, above 16 MiB: maybe no RAM
            (0x9E000, 0x9F000), (0x100000, 0x101000), // short gap, but across the VGA and ROM hole
            (0x70000, 0x70000), // empty
        ]);

        Assert.Equal(
        [
            (0x9E000L, 0x9F000L), (0x100000L, 0x101000L),
            (0x40000000L, 0x40000000L + 2 * Page),
            (0x50000000L, 0x50000000L + Page), (0x50000000L + 3 * Page, 0x50000000L + 4 * Page),
        ], ranges);
    }
}

using System.Text.Json;
using MigrationHarness.Migration;

namespace MigrationHarness.Tests.Migration;

/// <summary>A migration that still moves is not a hang: what query-migrate reports, and what counts as movement.</summary>
public sealed class MigrationProgressTests
{
    private static MigrationProgress Parse(string json, int seconds = 60) => MigrationProgress.Parse(JsonDocument.Parse(json).RootElement, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Query_migrate_gives_status_bytes_sent_and_left_and_dirty_syncs()
    {
        var progress = Parse("""{"status":"active","ram":{"transferred":13107200,"remaining":3145728,"dirty-sync-count":4,"total":1073741824}}""");

        Assert.Equal(new MigrationProgress("active", 13107200, 3145728, 4, TimeSpan.FromSeconds(60)), progress);
        Assert.Equal("status active, 12.5 MiB sent, 3.0 MiB remaining, 4 dirty syncs, at 60 s", progress.ToString());
    }

    [Fact]
    public void A_build_that_reports_no_ram_counters_reads_as_zero()
    {
        Assert.Equal(new MigrationProgress("setup", 0, 0, 0, TimeSpan.FromSeconds(60)), Parse("""{"status":"setup"}"""));
    }

    [Theory]
    [InlineData(100, 50, 1, "active", true)]   // more sent
    [InlineData(0, 40, 1, "active", true)]     // less left
    [InlineData(0, 50, 2, "active", true)]     // another dirty sync
    [InlineData(0, 50, 1, "device", true)]     // the status moved on
    [InlineData(0, 50, 1, "active", false)]    // nothing moved: a hang
    public void Movement_is_any_counter_or_the_status_changing(long moreSent, long left, long syncs, string status, bool moved)
    {
        var earlier = new MigrationProgress("active", 1000, 50, 1, TimeSpan.FromSeconds(30));
        var now = new MigrationProgress(status, 1000 + moreSent, left, syncs, TimeSpan.FromSeconds(60));

        Assert.Equal(moved, now.MovedSince(earlier));
    }

    [Fact]
    public void The_first_reading_always_counts_as_movement()
    {
        Assert.True(new MigrationProgress("active", 0, 0, 0, TimeSpan.Zero).MovedSince(null));
    }
}

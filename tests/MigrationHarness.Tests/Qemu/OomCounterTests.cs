using MigrationHarness.Qemu;

namespace MigrationHarness.Tests.Qemu;

/// <summary>The OOM-kill counter as the container's shell hands back a memory cgroup file: its lines joined by spaces.</summary>
public sealed class OomCounterTests
{
    [Fact]
    public void The_counter_is_read_from_cgroup_v2_memory_events()
    {
        string[] words = ["low", "0", "high", "0", "max", "12", "oom", "3", "oom_kill", "2", "oom_group_kill", "0"];
        Assert.Equal(2, ContainerPool.OomKills(words));
    }

    [Fact]
    public void The_counter_is_read_from_cgroup_v1_oom_control_and_not_confused_with_the_disable_flag()
    {
        string[] words = ["oom_kill_disable", "1", "under_oom", "0", "oom_kill", "0"];
        Assert.Equal(0, ContainerPool.OomKills(words));
        Assert.Equal(5, ContainerPool.OomKills(["oom_kill_disable", "0", "under_oom", "1", "oom_kill", "5"]));
    }

    [Fact]
    public void A_missing_file_or_a_file_without_the_counter_reads_as_no_kill()
    {
        Assert.Equal(0, ContainerPool.OomKills([]));
        Assert.Equal(0, ContainerPool.OomKills(["oom_kill"]));
        Assert.Equal(0, ContainerPool.OomKills(["low", "0", "high", "0"]));
    }
}

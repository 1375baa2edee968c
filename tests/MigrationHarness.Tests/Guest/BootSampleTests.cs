using MigrationHarness.Guest;

namespace MigrationHarness.Tests.Guest;

/// <summary>A boot processor held at one instruction while the guest gets nowhere is a stall; anything that moves is not.</summary>
public sealed class BootSampleTests
{
    private static BootSample At(double seconds, string? eip = "EIP=000206a9", uint magic = 0, uint pass = 0, uint cpus = 0) =>
        new(TimeSpan.FromSeconds(seconds), eip, magic, pass, cpus);

    [Fact]
    public void Four_samples_over_a_second_and_a_half_at_one_eip_with_the_header_still_are_a_stall()
    {
        Assert.True(BootSample.Stalled([At(0.5), At(1), At(1.5), At(2)]));
    }

    [Fact]
    public void Fewer_samples_or_a_shorter_span_are_not_yet_a_stall()
    {
        Assert.False(BootSample.Stalled([At(1), At(2), At(3)]));
        Assert.False(BootSample.Stalled([At(1), At(1.3), At(1.6), At(2.4)]));
    }

    [Fact]
    public void A_moving_eip_or_header_is_progress()
    {
        Assert.False(BootSample.Stalled([At(1), At(2), At(3, "EIP=000206b0"), At(4)]));
        Assert.False(BootSample.Stalled([At(1), At(2), At(3, cpus: 1), At(4, cpus: 1)]));
        Assert.False(BootSample.Stalled([At(1), At(2, pass: 1), At(3, pass: 1), At(4, pass: 1)]));
    }

    [Fact]
    public void Only_the_last_samples_count_so_a_stall_after_progress_is_seen()
    {
        Assert.True(BootSample.Stalled([At(1, "EIP=00020010"), At(2), At(3), At(4), At(5)]));
    }

    [Fact]
    public void A_guest_in_its_loop_or_a_boot_processor_that_could_not_be_read_is_never_a_stall()
    {
        Assert.False(BootSample.Stalled([At(1, magic: GuestLayout.Magic), At(2, magic: GuestLayout.Magic), At(3, magic: GuestLayout.Magic), At(4, magic: GuestLayout.Magic)]));
        Assert.False(BootSample.Stalled([At(1, null), At(2, null), At(3, null), At(4, null)]));
    }

    [Fact]
    public void A_guest_in_its_loop_that_completes_no_pass_for_five_seconds_has_stalled_there()
    {
        var magic = GuestLayout.Magic;
        Assert.True(BootSample.StalledInLoop([At(0.5, magic: magic, pass: 1), At(3, "EIP=000022d8", magic, 1, 6), At(5.5, "EIP=000023a0", magic, 1, 6)]));
        Assert.False(BootSample.StalledInLoop([At(0.5, magic: magic, pass: 1), At(3, magic: magic, pass: 1), At(5, magic: magic, pass: 1)]));
    }

    [Fact]
    public void A_loop_whose_pass_moves_or_a_guest_not_yet_in_it_has_not_stalled_there()
    {
        var magic = GuestLayout.Magic;
        Assert.False(BootSample.StalledInLoop([At(0.5, magic: magic, pass: 0), At(3, magic: magic, pass: 1), At(6, magic: magic, pass: 1)]));
        Assert.False(BootSample.StalledInLoop([At(0.5), At(3), At(6)]));
        Assert.False(BootSample.StalledInLoop([At(0.5, magic: magic, pass: 2), At(6, magic: magic, pass: 2)]));
        Assert.False(BootSample.StalledInLoop([]));
    }
}

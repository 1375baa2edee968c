namespace MigrationHarness.Guest;

/// <summary>One look at a booting guest: when, where its boot processor was (EIP), and how far the guest's header got.</summary>
public sealed record BootSample(TimeSpan At, string? BspEip, uint Magic, uint Pass, uint Cpus)
{
    /// <summary>
    /// Whether the samples show a boot processor that stays at one instruction while the guest gets
    /// nowhere: at least <see cref="StallSamples"/> samples spanning <see cref="StallSpan"/>, all at
    /// the same EIP with the same header, the guest not yet in its loop. Every wait the guest's boot
    /// code makes moves through several instructions (and lasts milliseconds), so one EIP held for
    /// seconds is a vCPU that re-executes an instruction forever (a livelock: no exception to record).
    /// </summary>
    public static bool Stalled(IReadOnlyList<BootSample> samples)
    {
        if (samples.Count < StallSamples) return false;
        var last = samples.TakeLast(StallSamples).ToArray();
        var first = last[0];
        return first.BspEip is not null && first.Magic != GuestLayout.Magic
               && last[^1].At - first.At >= StallSpan
               && last.All(s => s.BspEip == first.BspEip && s.Magic == first.Magic && s.Pass == first.Pass && s.Cpus == first.Cpus);
    }

    /// <summary>
    /// Whether the samples show a guest that reached its loop and stopped there: the header's magic
    /// written, but no pass of the loop completed (pass below 2, not moving) for <see cref="LoopStallSpan"/>
    /// while the boot processor is somewhere (a wild jump runs through memory, so its EIP moves).
    /// A pass is milliseconds of writes; seconds without one is a guest that will not come up.
    /// </summary>
    public static bool StalledInLoop(IReadOnlyList<BootSample> samples)
    {
        if (samples.Count == 0 || samples[^1].Magic != GuestLayout.Magic || samples[^1].Pass >= 2) return false;
        var last = samples[^1];
        var since = samples.Reverse().TakeWhile(s => s.Magic == last.Magic && s.Pass == last.Pass).LastOrDefault();
        return since is not null && last.At - since.At >= LoopStallSpan;
    }

    public static readonly TimeSpan LoopStallSpan = TimeSpan.FromSeconds(5);

    public const int StallSamples = 4;
    public static readonly TimeSpan StallSpan = TimeSpan.FromSeconds(1.5);

    /// <summary>How often the boot processor is sampled while the guest boots.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(0.5);
}

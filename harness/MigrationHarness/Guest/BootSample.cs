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

    public const int StallSamples = 4;
    public static readonly TimeSpan StallSpan = TimeSpan.FromSeconds(1.5);

    /// <summary>How often the boot processor is sampled while the guest boots.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(0.5);
}

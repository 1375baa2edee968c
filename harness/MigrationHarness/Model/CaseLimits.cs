
namespace MigrationHarness.Model;

/// <summary>The time limits of one case: QEMU start, one QMP command, one migration, the guest coming up, the guest making progress.</summary>
public sealed record CaseLimits(TimeSpan Start, TimeSpan Command, TimeSpan Migration, TimeSpan GuestReady, TimeSpan GuestProgress)
{
    public static readonly CaseLimits Default = new(
        Start: TimeSpan.FromSeconds(30), Command: TimeSpan.FromSeconds(15), Migration: TimeSpan.FromSeconds(60),
        GuestReady: TimeSpan.FromSeconds(30), GuestProgress: TimeSpan.FromSeconds(20));

    /// <summary>Up to this many vCPUs the limits hold as they are.</summary>
    public const int ScaledAbove = 48;

    /// <summary>How much slower TCG runs the guest, its migration and QEMU's own work than KVM (measured within 2–3× on 2 cores).</summary>
    public const double TcgFactor = 2.5;

    /// <summary>
    /// How long a migration that keeps making progress may run in all (<see cref="Migration"/> is
    /// the window without progress that makes it a hang).
    /// </summary>
    public TimeSpan MigrationCeiling => Migration * 5;

    /// <summary>
    /// The limits for a guest of <paramref name="vcpus"/>: every vCPU is a host thread (under TCG,
    /// one more emulated CPU on the same cores), so a guest of 240 starts, boots, migrates and
    /// refreshes its tables several times slower. The waits grow in proportion above
    /// <see cref="ScaledAbove"/>, so slowness that comes with size is never called a hang; a
    /// QMP command's own limit stays.
    /// </summary>
    public CaseLimits ScaledFor(int vcpus)
    {
        if (vcpus <= ScaledAbove) return this;
        var factor = vcpus / (double)ScaledAbove;
        return this with { Start = Start * factor, Migration = Migration * factor, GuestReady = GuestReady * factor, GuestProgress = GuestProgress * factor };
    }

    /// <summary>
    /// The limits under <paramref name="accelerator"/>: TCG emulates every guest instruction, so
    /// booting, migrating, refreshing and answering a command that waits for the guest (a
    /// <c>pmemsave</c> of a busy guest, the RESUME after <c>cont</c>) take longer; KVM keeps them.
    /// </summary>
    public CaseLimits For(Configs.Accelerator accelerator) => accelerator == Configs.Accelerator.Tcg ? Times(TcgFactor) : this;

    /// <summary>
    /// The limits with <paramref name="casesPerCore"/> cases sharing each host core: above one,
    /// every wait grows in proportion (two cases on one core each get half of it).
    /// </summary>
    public CaseLimits UnderLoad(double casesPerCore) => casesPerCore > 1 ? Times(casesPerCore) : this;

    private CaseLimits Times(double factor) => new(Start * factor, Command * factor, Migration * factor, GuestReady * factor, GuestProgress * factor);
}

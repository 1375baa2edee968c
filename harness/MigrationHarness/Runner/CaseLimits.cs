namespace MigrationHarness.Runner;

/// <summary>The time limits that turn silence into a <c>hang</c> verdict.</summary>
public sealed record CaseLimits(TimeSpan Start, TimeSpan Command, TimeSpan Migration, TimeSpan GuestReady, TimeSpan GuestProgress)
{
    public static readonly CaseLimits Default = new(
        Start: TimeSpan.FromSeconds(30), Command: TimeSpan.FromSeconds(15), Migration: TimeSpan.FromSeconds(60),
        GuestReady: TimeSpan.FromSeconds(30), GuestProgress: TimeSpan.FromSeconds(20));

    /// <summary>Up to this many vCPUs the limits hold as they are.</summary>
    public const int ScaledAbove = 48;

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
}

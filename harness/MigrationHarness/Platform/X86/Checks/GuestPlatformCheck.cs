using MigrationHarness.Abi;
using MigrationHarness.Guest;
using MigrationHarness.Model;

using MigrationHarness.Checks;

namespace MigrationHarness.Platform.X86.Checks;

/// <summary>
/// The machine as the guest's BSP reads it, after it programmed the chipset as a BIOS does: the
/// first source's platform view at boot against what the BSP reads again once the guest runs on
/// the destination — PCI configuration space of every function on bus 0, CMOS RAM, PIC/ELCR/PM
/// ports, PIT status, IOAPIC and HPET registers, fw_cfg's signature. Device state migrated wrongly
/// or not at all shows here by register name.
/// </summary>
public sealed class GuestPlatformCheck : Check<GuestPlatformReading>
{
    public override string Name => "guest-platform";
    public override CheckMoment SourceMoment => CheckMoment.FirstSourceReady;
    public override CheckMoment DestinationMoment => CheckMoment.DestinationRunning;

    protected override async Task<GuestPlatformReading> ReadSideAsync(CheckTarget target, CancellationToken cancellationToken)
    {
        if (target.Moment == CheckMoment.FirstSourceReady)
            return new GuestPlatformReading(await target.Guest.ReadPlatformAsync(GuestLayout.PlatformInitial, cancellationToken));
        var since = (await target.Guest.ReadHeaderAsync(cancellationToken)).Generation;
        var deadline = DateTime.UtcNow + target.Limits.GuestProgress;
        // The wait polls the table's head; the rest is read once, for the refresh it waited for.
        while (true)
        {
            var head = await target.Guest.ReadAsync(GuestLayout.PlatformCurrent, GuestTableParts.HeadSize, cancellationToken);
            if (GuestTableParts.PlatformGeneration(head) > since && await target.Guest.ReadPlatformAsync(GuestLayout.PlatformCurrent, head, cancellationToken) is { } platform)
                return new GuestPlatformReading(platform);
            if (DateTime.UtcNow >= deadline) return new GuestPlatformReading(null) { Evidence = [$"no refresh past generation {since} within {target.Limits.GuestProgress.TotalSeconds:0} s"] };
            await Task.Delay(GuestInspector.RefreshPoll, cancellationToken);
        }
    }

    protected override CheckResult Compare(GuestPlatformReading before, GuestPlatformReading after)
    {
        if (before.Platform is null) return CheckResult.Pass(Name, "not compared: the source's guest recorded no platform view");
        if (after.Platform is null)
            return new CheckResult(Name, Verdict.Hang, $"the guest's BSP did not re-read the platform on the destination ({string.Join(' ', after.Evidence)})", []);
        var differences = GuestPlatformComparison.Compare(before.Platform, after.Platform);
        if (differences.Count == 0) return CheckResult.Pass(Name, $"platform equal: {GuestViewText.Counts(before.Platform)}");
        var decoded = DriftText.Of(differences);
        return new CheckResult(Name, Verdict.AbiDrift, $"{differences.Count} platform difference(s): {string.Join("; ", decoded.Take(4))}", differences)
        {
            Evidence = [.. decoded, .. GuestViewText.Lines("source", before.Platform), .. GuestViewText.Lines("destination", after.Platform)],
        };
    }
}

/// <summary>The platform view of one side; null when the guest wrote none (or did not refresh it in time on the destination).</summary>
public sealed record GuestPlatformReading(GuestPlatform? Platform) : CheckReading;

using MigrationHarness.Abi;
using MigrationHarness.Guest;
using MigrationHarness.Oracles;

namespace MigrationHarness.Checks;

/// <summary>
/// CPUID as every vCPU executes it: the first source's table at boot against what each vCPU reads
/// again once it runs on the destination. This sees what QMP cannot (topology counts, cache
/// descriptors, bits QEMU computes at vCPU setup). vCPUs are matched by APIC ID, so a topology that
/// renumbers them is a drift with the APIC IDs named, not a wait for vCPUs that no longer exist.
/// </summary>
public sealed class GuestCpuidCheck : Check<GuestCpuidReading>
{
    public override string Name => "guest-cpuid";
    public override CheckMoment SourceMoment => CheckMoment.FirstSourceReady;
    public override CheckMoment DestinationMoment => CheckMoment.DestinationRunning;

    protected override async Task<GuestCpuidReading> ReadSideAsync(CheckTarget target, CancellationToken cancellationToken)
    {
        if (target.Moment == CheckMoment.FirstSourceReady)
        {
            var initial = await target.Guest.ReadCpuidAsync(GuestLayout.TableInitial, cancellationToken);
            return new GuestCpuidReading(initial, Complete: true);
        }
        // Every slot in the table (the source's vCPUs, as migrated, and any new one) must be re-read on the destination, in a
        // refresh after the one running now. A slot whose vCPU no longer exists never refreshes: the reading is then incomplete.
        var since = (await target.Guest.ReadHeaderAsync(cancellationToken)).Generation;
        var deadline = DateTime.UtcNow + target.Limits.GuestProgress;
        while (true)
        {
            var table = await target.Guest.ReadCpuidAsync(GuestLayout.TableCurrent, cancellationToken);
            var refreshed = table.Where(c => c.Generation > since).ToArray();
            if (table.Count > 0 && refreshed.Length == table.Count) return new GuestCpuidReading(refreshed, Complete: true);
            if (DateTime.UtcNow >= deadline) return new GuestCpuidReading(refreshed, Complete: false);
            await Task.Delay(50, cancellationToken);
        }
    }

    protected override CheckResult Compare(GuestCpuidReading before, GuestCpuidReading after)
    {
        if (before.Cpus.Count == 0) return CheckResult.Pass(Name, "not compared: the source's guest recorded no CPUID table");
        var known = before.Cpus.Select(c => c.ApicId).ToHashSet();
        var strangers = after.Cpus.Where(c => !known.Contains(c.ApicId)).Select(c => c.ApicId).Order().ToArray();
        if (!after.Complete && strangers.Length == 0)
            return new CheckResult(Name, Verdict.Hang,
                $"{before.Cpus.Count - after.Cpus.Count} of {before.Cpus.Count} vCPUs did not answer the CPUID refresh on the destination " +
                $"(answered: APIC {string.Join(", ", after.Cpus.Select(c => c.ApicId).Order())})", []);
        var differences = GuestCpuidComparison.Compare(before.Cpus, after.Cpus)
            .Where(d => after.Complete || !d.Aspect.StartsWith("guest vcpu apic", StringComparison.Ordinal) || strangers.Length > 0)
            .Concat(strangers.Select(apic => new AbiDifference($"guest vcpu apic {apic}", null, "present", "a vCPU with this APIC ID appeared on the destination")))
            .ToArray();
        if (differences.Length == 0) return CheckResult.Pass(Name, $"{before.Cpus.Count} vCPUs × {before.Cpus[0].Entries.Length} leaves equal");
        var decoded = DriftText.Of(differences);
        return new CheckResult(Name, Verdict.AbiDrift, $"{differences.Length} register difference(s): {string.Join("; ", decoded.Take(4))}", differences)
        {
            Evidence = decoded,
        };
    }
}

/// <summary>The CPUID table of every vCPU that answered; <see cref="Complete"/> is false when some did not within the limit.</summary>
public sealed record GuestCpuidReading(IReadOnlyList<GuestCpuid> Cpus, bool Complete) : CheckReading;

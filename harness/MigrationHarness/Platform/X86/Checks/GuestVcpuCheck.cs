using MigrationHarness.Abi;
using MigrationHarness.Guest;
using MigrationHarness.Model;

using MigrationHarness.Checks;

namespace MigrationHarness.Platform.X86.Checks;

/// <summary>
/// What every vCPU sees, as the guest reads it: the first source's view at boot against what each
/// vCPU reads again once it runs on the destination — every CPUID leaf and subleaf, the MSRs
/// (present or absent), CR0/CR3/CR4/XCR0 and the local APIC registers. This sees what QMP cannot
/// (topology counts, cache descriptors, MSR and APIC state migrated wrongly or not at all). vCPUs
/// are matched by APIC ID, so a topology that renumbers them is a drift with the APIC IDs named,
/// not a wait for vCPUs that no longer exist.
/// </summary>
public sealed class GuestVcpuCheck : Check<GuestVcpuReading>
{
    public override string Name => "guest-vcpu";
    public override CheckMoment SourceMoment => CheckMoment.FirstSourceReady;
    public override CheckMoment DestinationMoment => CheckMoment.DestinationRunning;

    protected override async Task<GuestVcpuReading> ReadSideAsync(CheckTarget target, CancellationToken cancellationToken)
    {
        if (target.Moment == CheckMoment.FirstSourceReady)
        {
            var initial = await target.Guest.ReadViewsAsync(GuestLayout.TableInitial, await target.Guest.ReadHeaderAsync(cancellationToken), cancellationToken);
            return new GuestVcpuReading(initial, Complete: true);
        }
        // Every slot in the table (the source's vCPUs, as migrated, and any new one) must be re-read on the destination, in a
        // refresh after the one running now. A slot whose vCPU no longer exists never refreshes: the reading is then incomplete.
        // The wait polls the heads of the slots not yet refreshed (a generation only grows), and reads the views once, at the end.
        var header = await target.Guest.ReadHeaderAsync(cancellationToken);
        var since = header.Generation;
        var slots = GuestLayout.FilledSlots(header.MaxApicId);
        var heads = new Dictionary<int, byte[]>();
        var deadline = DateTime.UtcNow + target.Limits.GuestProgress;
        while (true)
        {
            var pending = slots.Where(slot => !heads.TryGetValue(slot, out var head) || GuestTableParts.SlotGeneration(head) <= since).ToArray();
            foreach (var (slot, head) in await target.Guest.ReadSlotHeadsAsync(GuestLayout.TableCurrent, pending, cancellationToken)) heads[slot] = head;
            var written = heads.Where(h => GuestTableParts.SlotGeneration(h.Value) != 0).ToArray();
            var refreshed = written.Where(h => GuestTableParts.SlotGeneration(h.Value) > since).ToDictionary();
            if (written.Length > 0 && refreshed.Count == written.Length)
                return new GuestVcpuReading(await target.Guest.ReadViewsAsync(GuestLayout.TableCurrent, refreshed, cancellationToken), Complete: true);
            if (DateTime.UtcNow >= deadline)
                return new GuestVcpuReading(await target.Guest.ReadViewsAsync(GuestLayout.TableCurrent, refreshed, cancellationToken), Complete: false);
            await Task.Delay(GuestInspector.RefreshPoll, cancellationToken);
        }
    }

    protected override CheckResult Compare(GuestVcpuReading before, GuestVcpuReading after)
    {
        if (before.Cpus.Count == 0) return CheckResult.Pass(Name, "not compared: the source's guest recorded no view");
        var known = before.Cpus.Select(c => c.ApicId).ToHashSet();
        var strangers = after.Cpus.Where(c => !known.Contains(c.ApicId)).Select(c => c.ApicId).Order().ToArray();
        if (!after.Complete && strangers.Length == 0)
            return new CheckResult(Name, Verdict.Hang,
                $"{before.Cpus.Count - after.Cpus.Count} of {before.Cpus.Count} vCPUs did not answer the refresh on the destination " +
                $"(answered: APIC {string.Join(", ", after.Cpus.Select(c => c.ApicId).Order())})", []);
        var differences = GuestVcpuComparison.Compare(before.Cpus, after.Cpus)
            .Where(d => after.Complete || !d.Aspect.StartsWith("guest vcpu apic", StringComparison.Ordinal) || strangers.Length > 0)
            .Concat(strangers.Select(apic => new AbiDifference($"guest vcpu apic {apic}", null, "present", "a vCPU with this APIC ID appeared on the destination")))
            .ToArray();
        if (differences.Length == 0) return CheckResult.Pass(Name, $"{before.Cpus.Count} vCPUs equal: {GuestViewText.Counts(before.Cpus[0])}");
        var decoded = DriftText.Of(differences);
        var differing = differences.Select(d => d.Typed.ApicId).OfType<uint>().ToHashSet();
        return new CheckResult(Name, Verdict.AbiDrift, $"{differences.Length} register difference(s): {string.Join("; ", decoded.Take(4))}", differences)
        {
            // Every read of the vCPUs that differ, both sides, so the reproducer shows what the guest saw and not only the diff.
            Evidence =
            [
                .. decoded,
                .. before.Cpus.Where(c => differing.Contains(c.ApicId)).SelectMany(c => GuestViewText.Lines("source", c)),
                .. after.Cpus.Where(c => differing.Contains(c.ApicId)).SelectMany(c => GuestViewText.Lines("destination", c)),
            ],
        };
    }
}

/// <summary>The view of every vCPU that answered; <see cref="Complete"/> is false when some did not within the limit.</summary>
public sealed record GuestVcpuReading(IReadOnlyList<GuestVcpuView> Cpus, bool Complete) : CheckReading;

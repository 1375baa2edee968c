using MigrationHarness.Qemu;

namespace MigrationHarness.Guest;

/// <summary>
/// Reads the running guest's RAM through QMP <c>pmemsave</c> into the case's directory in the run's
/// volume (the only read path to guest memory every build offers), and the file back through the engine.
/// </summary>
public sealed class GuestInspector(QemuInstance instance)
{
    // This inspector's own dump files: one set for plain reads, overwritten by each read, and one for digests, kept until the
    // next digest so the bytes behind a differing digest can still be fetched. Reads of one set take turns.
    private readonly string _readPrefix = $"{instance.Directory}/{instance.Role}-mem-{Guid.NewGuid().ToString("n")[..12]}-r";
    private readonly string _digestPrefix = $"{instance.Directory}/{instance.Role}-mem-{Guid.NewGuid().ToString("n")[..12]}-d";
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async Task<byte[]> ReadAsync(long address, int size, CancellationToken cancellationToken = default) =>
        (await ReadManyAsync([(address, address + size)], cancellationToken))[0];

    /// <summary>
    /// Reads several guest-physical ranges: small ones through the monitor in one round trip, else one
    /// <c>pmemsave</c> each into this inspector's own files and all of them back in one request.
    /// </summary>
    public async Task<IReadOnlyList<byte[]>> ReadManyAsync(IReadOnlyList<(long Start, long End)> ranges, CancellationToken cancellationToken = default)
    {
        if (await ReadThroughMonitorAsync(ranges, cancellationToken) is { } bytes) return bytes;
        await _turn.WaitAsync(cancellationToken);
        try
        {
            await DumpAsync(_readPrefix, ranges, cancellationToken);
            return await ReadDumpsAsync(_readPrefix, ranges, cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// Small ranges (the header, the platform table, a few vCPUs' views) read through the monitor's <c>xp</c>, all in one round trip;
    /// null for ranges too large for that or text that does not parse, which then go through <c>pmemsave</c>.
    /// </summary>
    private async Task<IReadOnlyList<byte[]>?> ReadThroughMonitorAsync(IReadOnlyList<(long Start, long End)> ranges, CancellationToken cancellationToken)
    {
        if (ranges.Sum(r => r.End - r.Start) > MonitorReadLimit || ranges.Any(r => (r.End - r.Start) % 4 != 0 || r.End <= r.Start)) return null;
        string[] texts;
        try
        {
            // Sent all at once: QEMU answers QMP commands in order, so the ranges cost one round trip.
            texts = await Task.WhenAll(ranges.Select(async r => (await instance.Qmp.ExecuteAsync("human-monitor-command",
                new Dictionary<string, object> { ["command-line"] = MonitorMemoryDump.Command(r.Start, (int)(r.End - r.Start)) },
                cancellationToken: cancellationToken)).GetString() ?? ""));
        }
        catch (Qmp.QmpCommandException)
        {
            return null;
        }
        var bytes = ranges.Select((r, i) => MonitorMemoryDump.Parse(texts[i], (int)(r.End - r.Start))).ToArray();
        return bytes.All(b => b is not null) ? bytes.Select(b => b!).ToArray() : null;
    }

    /// <summary>
    /// How often a check waiting for the guest's next refresh on a destination looks again. Each look reads a header or the
    /// heads of the slots still waiting, a few hundred bytes: looking often costs little, and the checks of a running
    /// destination wait for the refresh, not for the next look.
    /// </summary>
    public static readonly TimeSpan RefreshPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>Up to this many bytes a read goes through the monitor: about three times as much text comes back over QMP.</summary>
    internal const long MonitorReadLimit = 64 * 1024;


    /// <summary>
    /// Dumps several guest-physical ranges and returns each one's digest, computed in the container:
    /// a few dozen bytes through the engine instead of megabytes. The dumps stay until this
    /// inspector's next read, so <see cref="ReadDumpsAsync"/> can fetch the bytes where digests differ.
    /// </summary>
    public async Task<IReadOnlyList<string>> DigestManyAsync(IReadOnlyList<(long Start, long End)> ranges, CancellationToken cancellationToken = default)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            await DumpAsync(_digestPrefix, ranges, cancellationToken);
            var digests = await instance.Container.Shell.DigestsAsync(_digestPrefix, ranges.Count, cancellationToken);
            if (digests.Count != ranges.Count)
                throw new InfrastructureException($"{ranges.Count} pmemsave dumps in {instance.Role} gave {digests.Count} digests: a dump was not written");
            return digests;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>The bytes of the dumps the last <see cref="DigestManyAsync"/> of the same <paramref name="ranges"/> left.</summary>
    public async Task<IReadOnlyList<byte[]>> ReadDumpedAsync(IReadOnlyList<(long Start, long End)> ranges, CancellationToken cancellationToken = default)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            return await ReadDumpsAsync(_digestPrefix, ranges, cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task DumpAsync(string prefix, IReadOnlyList<(long Start, long End)> ranges, CancellationToken cancellationToken)
    {
        // Sent all at once: QEMU runs QMP commands in order and answers each by id, so the dumps cost one round trip through the engine, not one each.
        try
        {
            await Task.WhenAll(ranges.Select((range, i) => instance.Qmp.ExecuteAsync("pmemsave",
                new { val = range.Start, size = range.End - range.Start, filename = $"{prefix}{i}.bin" }, cancellationToken: cancellationToken)));
        }
        catch (Qmp.QmpCommandException ex)
        {
            // pmemsave reads guest memory that always exists (unassigned addresses read as all ones); what it can refuse is
            // opening or writing its file on the host: the harness's disk, never a QEMU verdict.
            throw new InfrastructureException($"pmemsave in {instance.Role} could not write its dump: {ex.Description}", ex);
        }
    }

    private async Task<IReadOnlyList<byte[]>> ReadDumpsAsync(string prefix, IReadOnlyList<(long Start, long End)> ranges, CancellationToken cancellationToken)
    {
        var all = await instance.Container.Shell.ReadConcatenatedAsync(prefix, ranges.Count, cancellationToken);
        var expected = ranges.Sum(r => r.End - r.Start);
        if (all.Length != expected)
            throw new InfrastructureException($"{ranges.Count} pmemsave dumps of {expected} bytes in all in {instance.Role} came back as {all.Length} bytes");
        var result = new byte[ranges.Count][];
        var offset = 0;
        for (var i = 0; i < ranges.Count; i++)
        {
            var size = (int)(ranges[i].End - ranges[i].Start);
            result[i] = all.AsSpan(offset, size).ToArray();
            offset += size;
        }
        return result;
    }

    public async Task<GuestHeader> ReadHeaderAsync(CancellationToken cancellationToken = default) =>
        GuestHeader.Parse(await ReadAsync(GuestLayout.Header, GuestLayout.HeaderSize, cancellationToken));

    /// <summary>
    /// Every vCPU's view in a table, reading only the slots up to the highest APIC ID in
    /// <paramref name="header"/> (set once at boot, so a caller polling the table reads the header once),
    /// and of each slot only what its head says is used.
    /// </summary>
    public async Task<IReadOnlyList<GuestVcpuView>> ReadViewsAsync(long table, GuestHeader header, CancellationToken cancellationToken = default) =>
        await ReadViewsAsync(table, await ReadSlotHeadsAsync(table, GuestLayout.FilledSlots(header.MaxApicId), cancellationToken), cancellationToken);

    /// <summary>The heads of these slots of a view table (<see cref="GuestTableParts.HeadSize"/> bytes each), by slot, in one round trip.</summary>
    public async Task<IReadOnlyDictionary<int, byte[]>> ReadSlotHeadsAsync(long table, IReadOnlyList<int> slots, CancellationToken cancellationToken = default)
    {
        var heads = await ReadManyAsync(slots.Select(slot => SlotRange(table, slot, 0, GuestTableParts.HeadSize)).ToArray(), cancellationToken);
        return slots.Select((slot, i) => (slot, heads[i])).ToDictionary(x => x.slot, x => x.Item2);
    }

    /// <summary>The views of the slots whose <paramref name="heads"/> are given, reading the parts each head says are used, in one round trip.</summary>
    public async Task<IReadOnlyList<GuestVcpuView>> ReadViewsAsync(long table, IReadOnlyDictionary<int, byte[]> heads, CancellationToken cancellationToken = default)
    {
        if (heads.Count == 0) return [];
        var parts = heads.OrderBy(h => h.Key).SelectMany(h => GuestTableParts.OfSlot(h.Value).Select(p => (Slot: h.Key, p.Offset, p.Length))).ToArray();
        var size = (heads.Keys.Max() + 1) * GuestLayout.SlotSize;
        // Parts too many for the monitor would each be a dump file of their own: the slots are then read whole, in one dump.
        if (parts.Sum(p => p.Length) > MonitorReadLimit)
        {
            var whole = await ReadAsync(table, size, cancellationToken);
            foreach (var slot in Enumerable.Range(0, size / GuestLayout.SlotSize).Where(slot => !heads.ContainsKey(slot)))
                whole.AsSpan(slot * GuestLayout.SlotSize, GuestLayout.SlotSize).Clear();
            return GuestVcpuView.ParseTable(whole);
        }
        var bytes = parts.Length == 0 ? [] : await ReadManyAsync(parts.Select(p => SlotRange(table, p.Slot, p.Offset, p.Length)).ToArray(), cancellationToken);
        return GuestVcpuView.ParseTable(GuestTableParts.Assemble(size,
            [.. heads.Select(h => (h.Key * GuestLayout.SlotSize, h.Value)), .. parts.Select((p, i) => (p.Slot * GuestLayout.SlotSize + p.Offset, bytes[i]))]));
    }

    private static (long Start, long End) SlotRange(long table, int slot, int offset, int length)
    {
        var start = table + (long)slot * GuestLayout.SlotSize + offset;
        return (start, start + length);
    }

    /// <summary>The platform table at <paramref name="table"/>, reading its head and then what the head says is used; null when the guest has not written it.</summary>
    public async Task<GuestPlatform?> ReadPlatformAsync(long table, CancellationToken cancellationToken = default) =>
        await ReadPlatformAsync(table, await ReadAsync(table, GuestTableParts.HeadSize, cancellationToken), cancellationToken);

    /// <summary>The platform table whose <paramref name="head"/> was read, reading what the head says is used; null when the guest has not written it.</summary>
    public async Task<GuestPlatform?> ReadPlatformAsync(long table, byte[] head, CancellationToken cancellationToken = default)
    {
        if (GuestTableParts.PlatformGeneration(head) == 0) return null;
        var parts = GuestTableParts.OfPlatform(head);
        var bytes = parts.Count == 0 ? [] : await ReadManyAsync(parts.Select(p => (table + p.Offset, table + p.Offset + p.Length)).ToArray(), cancellationToken);
        return GuestPlatform.Parse(GuestTableParts.Assemble(GuestLayout.PlatformSize, [(0, head), .. parts.Select((p, i) => (p.Offset, bytes[i]))]));
    }

    /// <summary>
    /// The guest-physical ranges the guest writes: its header, code and stacks, both platform tables, the filled part of both view tables,
    /// the dirtied range (as the guest itself recorded it, in case the image and this code ever
    /// disagree) and every page of its target list, across all of its RAM (each NUMA node's memory
    /// and each DIMM), joined into as few dumps as they can be (<see cref="DumpRanges"/>). Read while the guest is stopped,
    /// they are what migration must deliver.
    /// </summary>
    public async Task<IReadOnlyList<(long Start, long End)>> WrittenRangesAsync(CancellationToken cancellationToken = default)
    {
        // The header and the target list in one read: each read is a round trip through the engine.
        var both = await ReadManyAsync([(GuestLayout.Header, GuestLayout.Header + GuestLayout.HeaderSize), TargetTable], cancellationToken);
        var header = GuestHeader.Parse(both[0]);
        var dirty = header.IsRunning && header.DirtyEnd > header.DirtyStart ? (header.DirtyStart, header.DirtyEnd) : (GuestLayout.DirtyStart, GuestLayout.DirtyEnd);
        return DumpRanges.Coalesced([.. GuestLayout.FixedRanges, .. GuestLayout.ViewRanges(header.MaxApicId), dirty,
            .. ParseTargets(both[1]).Select(page => (page, page + GuestLayout.PageSize))]);
    }

    private static readonly (long Start, long End) TargetTable = (GuestLayout.Targets, GuestLayout.Targets + 4 + GuestLayout.MaxTargets * 8);

    /// <summary>The pages the guest listed across its RAM (none when it has not booted, or cannot page to reach them).</summary>
    private static long[] ParseTargets(byte[] table)
    {
        var count = Math.Min(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(table), (uint)GuestLayout.MaxTargets);
        return Enumerable.Range(0, (int)count).Select(i => (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(4 + i * 8))).ToArray();
    }

    /// <summary>
    /// Where each vCPU is, from "info registers -a": its "CPU#n" line and the EIP, CR0 and EFER lines
    /// (a guest the machine reset shows in real mode at f000:…). Empty when the monitor refuses.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReadVcpuRegistersAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            var text = (await instance.Qmp.ExecuteAsync("human-monitor-command", new Dictionary<string, object> { ["command-line"] = "info registers -a" },
                timeout, cancellationToken)).GetString() ?? "";
            return text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.StartsWith("CPU#", StringComparison.Ordinal) || l.StartsWith("EIP=", StringComparison.Ordinal) || l.StartsWith("RIP=", StringComparison.Ordinal)
                            || l.StartsWith("CR0=", StringComparison.Ordinal) || l.StartsWith("EFER=", StringComparison.Ordinal))
                .ToArray();
        }
        catch (Qmp.QmpCommandException)
        {
            return [];
        }
    }

    /// <summary>
    /// Waits until the guest runs its loop with every expected vCPU reported, and gives up as soon as
    /// it cannot: a fault the guest recorded in its header ends the wait at once, and a boot
    /// processor held at one instruction while the header does not move (<see cref="BootSample.Stalled"/>)
    /// ends it within seconds, instead of waiting out <paramref name="timeout"/>.
    /// </summary>
    public async Task<BootOutcome> WaitForBootAsync(int vcpus, TimeSpan timeout, TimeSpan commandTimeout, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var samples = new List<BootSample>();
        var nextSample = BootSample.Interval;
        while (true)
        {
            var header = await ReadHeaderAsync(cancellationToken);
            if (header.IsRunning && header.Cpus >= vcpus && header.Pass >= 2) return new BootOutcome(BootState.Ready, header, clock.Elapsed);
            var state = header.FaultVector is not null ? BootState.Faulted : clock.Elapsed >= timeout ? BootState.TimedOut : (BootState?)null;
            if (state is null && clock.Elapsed >= nextSample)
            {
                nextSample = clock.Elapsed + BootSample.Interval;
                var bsp = Eip(await ReadVcpuRegistersAsync(commandTimeout, cancellationToken));
                samples.Add(new BootSample(clock.Elapsed, bsp, header.Magic, header.Pass, header.Cpus));
                if (BootSample.Stalled(samples)) state = BootState.Stalled;
                else if (BootSample.StalledInLoop(samples)) state = BootState.StalledInLoop;
            }
            if (state is { } ended)
            {
                var registers = await ReadVcpuRegistersAsync(commandTimeout, cancellationToken);
                return new BootOutcome(ended, header, clock.Elapsed) { BspAt = Eip(registers), Registers = registers };
            }
            await Task.Delay(50, cancellationToken);
        }

        // The first EIP/RIP line is the boot processor's (info registers -a lists CPU#0 first).
        static string? Eip(IReadOnlyList<string> registers) =>
            registers.FirstOrDefault(l => l.StartsWith("EIP=", StringComparison.Ordinal) || l.StartsWith("RIP=", StringComparison.Ordinal))?.Split(' ')[0];
    }

    /// <summary>Waits until the guest runs its loop with every expected vCPU reported; false on timeout.</summary>
    public async Task<bool> WaitUntilReadyAsync(int vcpus, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var header = await ReadHeaderAsync(cancellationToken);
            if (header.IsRunning && header.Cpus >= vcpus && header.Pass >= 2) return true;
            await Task.Delay(50, cancellationToken);
        }
        return false;
    }

    /// <summary>
    /// Waits for the guest to make progress: its heartbeat moves and the BSP starts a refresh past <paramref name="since"/>'s
    /// generation, which it does only after finishing the refresh that was running then. (Whether every vCPU's views of the
    /// next refresh arrive whole is the guest-view checks' to wait for; this check ends as soon as the guest shows it runs.)
    /// </summary>
    public async Task<GuestHeader?> WaitForProgressAsync(GuestHeader since, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var header = await ReadHeaderAsync(cancellationToken);
            if (header.Heartbeat > since.Heartbeat && header.Generation > since.Generation) return header;
            await Task.Delay(RefreshPoll, cancellationToken);
        }
        return null;
    }
}

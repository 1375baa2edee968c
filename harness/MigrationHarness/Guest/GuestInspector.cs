using MigrationHarness.Qemu;

namespace MigrationHarness.Guest;

/// <summary>
/// Reads the running guest's RAM through QMP <c>pmemsave</c> into the case directory on the shared
/// volume (the only read path to guest memory every build offers).
/// </summary>
public sealed class GuestInspector(QemuInstance instance)
{
    private int _dumps;

    public async Task<byte[]> ReadAsync(long address, int size, CancellationToken cancellationToken = default)
    {
        var name = $"{instance.Role}-mem-{Interlocked.Increment(ref _dumps)}.bin";
        await instance.Qmp.ExecuteAsync("pmemsave", new { val = address, size, filename = $"{instance.ContainerDirectory}/{name}" },
            cancellationToken: cancellationToken);
        var path = Path.Combine(instance.HostDirectory, name);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        File.Delete(path);
        return bytes;
    }

    public async Task<GuestHeader> ReadHeaderAsync(CancellationToken cancellationToken = default) =>
        GuestHeader.Parse(await ReadAsync(GuestLayout.Header, GuestLayout.HeaderSize, cancellationToken));

    public async Task<IReadOnlyList<GuestCpuid>> ReadCpuidAsync(long table, CancellationToken cancellationToken = default) =>
        GuestCpuid.ParseTable(await ReadAsync(table, GuestLayout.Slots * GuestLayout.SlotSize, cancellationToken));

    /// <summary>Checks the dirtied range against the header's pass count; the guest must be stopped while this reads.</summary>
    public async Task<MemoryCheck> CheckMemoryAsync(CancellationToken cancellationToken = default)
    {
        var header = await ReadHeaderAsync(cancellationToken);
        // The range as the guest itself recorded it, in case the image and this code ever disagree.
        var (start, end) = header.IsRunning ? (header.DirtyStart, header.DirtyEnd) : ((uint)GuestLayout.DirtyStart, (uint)GuestLayout.DirtyEnd);
        var pages = await ReadAsync(start, (int)(end - start), cancellationToken);
        return MemoryCheck.Of(header.Pass, pages, start);
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

    /// <summary>Waits for the guest to make progress (its heartbeat moves) and to refresh CPUID past <paramref name="generation"/>.</summary>
    public async Task<GuestHeader?> WaitForProgressAsync(GuestHeader since, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var header = await ReadHeaderAsync(cancellationToken);
            if (header.Heartbeat > since.Heartbeat && header.Generation > since.Generation + 1) return header;
            await Task.Delay(50, cancellationToken);
        }
        return null;
    }
}

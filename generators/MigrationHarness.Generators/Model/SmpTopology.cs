namespace MigrationHarness.Configs;

/// <summary>
/// <c>-smp</c>: vCPUs at start (<see cref="Cpus"/>), the hot-pluggable maximum, and its split into
/// sockets × dies × cores × threads, which must multiply to <see cref="MaxCpus"/>.
/// </summary>
public sealed record SmpTopology(int Cpus, int MaxCpus, int Sockets, int Dies, int Cores, int Threads)
{
    public static readonly SmpTopology Single = new(1, 1, 1, 1, 1, 1);

    /// <summary>
    /// A partial <c>-smp</c> as the user wrote it ("8,sockets=2,maxcpus=16"), given to every build
    /// as written so each completes it its own way (QEMU's rules changed in 6.2): a build that
    /// completes or refuses it differently from another is a finding. The numbers above are the
    /// completion current QEMU makes. Null for a fully specified topology.
    /// </summary>
    public string? Written { get; init; }

    public int Slots => Sockets * Dies * Cores * Threads;

    /// <summary>The highest APIC ID an xAPIC guest can address (255 is the broadcast ID).</summary>
    public const int MaxXapicId = 254;

    /// <summary>The APIC ID of the last vCPU slot of this shape.</summary>
    public int HighestApicId() => HighestApicId(Sockets, Dies, Cores, Threads);

    /// <summary>
    /// The APIC ID of the last slot: as x86 QEMU packs it, each level (thread, core, die, socket)
    /// takes the bits its count needs, rounded up to a power of two.
    /// </summary>
    public static int HighestApicId(int sockets, int dies, int cores, int threads)
    {
        static int Bits(int count) => count <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(count - 1));
        var (threadBits, coreBits, dieBits) = (Bits(threads), Bits(cores), Bits(dies));
        return ((sockets - 1) << (dieBits + coreBits + threadBits)) | ((dies - 1) << (coreBits + threadBits)) | ((cores - 1) << threadBits) | (threads - 1);
    }
}

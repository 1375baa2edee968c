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
}

namespace MigrationHarness.Configs;

/// <summary>
/// <c>-smp</c>: vCPUs at start (<see cref="Cpus"/>), the hot-pluggable maximum, and its split into
/// sockets × dies × cores × threads, which must multiply to <see cref="MaxCpus"/>.
/// </summary>
public sealed record SmpTopology(int Cpus, int MaxCpus, int Sockets, int Dies, int Cores, int Threads)
{
    public static readonly SmpTopology Single = new(1, 1, 1, 1, 1, 1);

    public int Slots => Sockets * Dies * Cores * Threads;
}

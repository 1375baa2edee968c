namespace MigrationHarness.Qemu;

/// <summary>How a QEMU is started: frozen before the first instruction (<c>-S</c>) and/or waiting for an incoming migration.</summary>
public sealed record QemuStartOptions(bool Paused = true, bool Incoming = false)
{
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

namespace MigrationHarness.Guest;

/// <summary>How the wait for a booting guest ended: it came up, it recorded a fault, its boot processor stalled, or the wait ran out.</summary>
public enum BootState
{
    Ready,
    Faulted,
    Stalled,
    /// <summary>In its loop, but no pass completes (<see cref="BootSample.StalledInLoop"/>).</summary>
    StalledInLoop,
    TimedOut,
}

/// <summary>The end of the wait for a booting guest, with what the guest's header and boot processor showed at that moment.</summary>
public sealed record BootOutcome(BootState State, GuestHeader Header, TimeSpan Waited)
{
    /// <summary>Where the boot processor was (its "EIP=…" line), for a guest that did not come up.</summary>
    public string? BspAt { get; init; }

    /// <summary>Every vCPU's registers as <c>info registers -a</c> gave them, for a guest that did not come up.</summary>
    public IReadOnlyList<string> Registers { get; init; } = [];
}

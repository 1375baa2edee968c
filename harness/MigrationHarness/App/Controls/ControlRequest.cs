using MigrationHarness.Scenarios;

namespace MigrationHarness.App.Controls;

/// <summary><c>mh controls</c>' options, parsed: which builds migrate to themselves, how many configs each, and with which guest.</summary>
public sealed record ControlRequest
{
    /// <summary>The builds to control; empty for every build in the catalog.</summary>
    public IReadOnlyList<string> Builds { get; init; } = [];
    public int Cases { get; init; } = 500;
    /// <summary>One seed for every build; null for each build's own stable seed.</summary>
    public ulong? Seed { get; init; }
    public int Parallel { get; init; } = 2;
    /// <summary>paused, running, or both (alternating by index).</summary>
    public string Guest { get; init; } = "both";
    /// <summary>Only this case index (to replay a finding, with <see cref="Seed"/>).</summary>
    public int? Index { get; init; }

    public GuestMode GuestFor(int index) => Guest switch { "paused" => GuestMode.Paused, "running" => GuestMode.Running, _ => index % 2 == 0 ? GuestMode.Paused : GuestMode.Running };

    /// <summary>This request, refused in one line before any container starts when it cannot be run.</summary>
    public ControlRequest Validated()
    {
        if (Cases < 1) throw new BadInputException("--cases must be at least 1");
        if (Parallel < 1) throw new BadInputException("--parallel must be at least 1");
        if (Guest is not ("paused" or "running" or "both")) throw new BadInputException("--guest must be paused, running or both");
        return this;
    }
}

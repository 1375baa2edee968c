using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Scenarios;

namespace MigrationHarness.App.Repro;

/// <summary>A reported configuration to run on chosen pairs and directions: <c>mh repro</c>'s options, parsed.</summary>
public sealed record ReproRequest(VmConfig Config)
{
    public IReadOnlyList<string> Builds { get; init; } = [];
    /// <summary>Only these pairs (either way round); null for every pair of the selected builds.</summary>
    public IReadOnlyList<(string Older, string Newer)>? Pairs { get; init; }
    public IReadOnlyList<Scenario> Scenarios { get; init; } = [new Forward(GuestMode.Paused), new Backward(GuestMode.Paused)];
    public bool Shrink { get; init; } = true;
    public AcceleratorChoice Accelerator { get; init; } = AcceleratorChoice.Auto;

    /// <summary>This request, refused in one line before any container starts when it cannot be run.</summary>
    public ReproRequest Validated()
    {
        Reproduction.RefuseSelfPairs(Pairs ?? []);
        return this;
    }
}

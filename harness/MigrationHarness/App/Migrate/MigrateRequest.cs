namespace MigrationHarness.App.Migrate;

/// <summary><c>mh migrate</c>'s options: one small VM from one build to another.</summary>
public sealed record MigrateRequest(string From, string To)
{
    /// <summary>The machine type; null for the older build's versioned <c>pc-q35</c>.</summary>
    public string? MachineType { get; init; }
    /// <summary>Swap the pair: migrate from <see cref="To"/> back to <see cref="From"/>.</summary>
    public bool Backward { get; init; }
    public bool Running { get; init; }
    public int Vcpus { get; init; } = 1;

    /// <summary>This request, refused in one line before any container starts when it cannot be run.</summary>
    public MigrateRequest Validated() =>
        Vcpus is < 1 or > 64 ? throw new BadInputException("--smp must be 1..64") : this;
}

namespace MigrationHarness.Scenarios;

/// <summary>The shapes of migration an operator meets.</summary>
public enum ScenarioKind
{
    /// <summary>Older build → newer build: what upstream promises for versioned machine types.</summary>
    Forward,
    /// <summary>Newer build → older build: promised only by some downstreams.</summary>
    Backward,
    /// <summary>A → B → A: the guest must come back exactly as it was.</summary>
    RoundTrip,
    /// <summary>Every build in version order, then back down.</summary>
    Chain,
    /// <summary>DIMMs hot-plugged on the source over QMP, then migrated (the destination gets them on its command line).</summary>
    HotplugThenMigrate,
    /// <summary>The same guest written two ways on the two sides (a CPU alias vs its versioned name, mem= vs memdev=).</summary>
    EquivalentSpelling,
}

namespace MigrationHarness.Scenarios;

/// <summary>How the destination writes the same guest differently from the source.</summary>
public enum Spelling
{
    /// <summary>Same command line on both sides.</summary>
    Same,
    /// <summary>The destination names the versioned CPU model the source's alias resolves to (<c>alias-of</c>).</summary>
    CpuAliasToVersioned,
    /// <summary>The destination gives NUMA memory as memdev backends where the source used legacy mem=.</summary>
    NumaMemToMemdev,
}

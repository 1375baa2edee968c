namespace MigrationHarness.Configs;

/// <summary>One <c>-numa dist,src=…,dst=…,val=…</c> entry (the SLIT the guest sees).</summary>
public sealed record NumaDistance(int Source, int Destination, int Value);

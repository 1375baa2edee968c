namespace MigrationHarness.Configs;

/// <summary>
/// libvirt's CPU feature policies. <see cref="Require"/>, <see cref="Optional"/> and
/// <see cref="Force"/> render as <c>feat=on</c>; <see cref="Disable"/> and <see cref="Forbid"/> as
/// <c>feat=off</c>. They differ in what is checked after start (the CPU's <c>filtered-features</c>
/// and the feature's QOM property): a required feature the host filtered, or a forbidden one the
/// guest gets anyway, makes the config not applicable on this host.
/// </summary>
public enum FeaturePolicy { Require, Optional, Disable, Forbid, Force }

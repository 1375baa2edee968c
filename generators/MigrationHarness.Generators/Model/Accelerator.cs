namespace MigrationHarness.Configs;

/// <summary>KVM when the host has a usable /dev/kvm, TCG otherwise; recorded with every result.</summary>
public enum Accelerator { Kvm, Tcg }

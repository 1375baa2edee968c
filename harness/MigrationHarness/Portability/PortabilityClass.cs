namespace MigrationHarness.Portability;

/// <summary>What starting one command line on two builds showed.</summary>
public enum PortabilityClass
{
    /// <summary>Both builds started it.</summary>
    Portable,
    /// <summary>Neither could start it: a host reason (not applicable), never a migration result.</summary>
    NotApplicable,
    /// <summary>One build started it, the other refused the same command line: a compatibility finding.</summary>
    AsymmetricRefusal,
}

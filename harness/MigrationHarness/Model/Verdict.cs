
namespace MigrationHarness.Model;

/// <summary>One word for what a case showed (see the README: scenarios, guest and verdicts). Its name, severity and colours live in <see cref="VerdictTable"/>.</summary>
public enum Verdict
{
    Pass,
    /// <summary>Migration refused with an error; the source still healthy, the destination exited without a signal.</summary>
    CleanReject,
    /// <summary>A QEMU died by a signal, aborted, or went away in the middle of a step.</summary>
    Crash,
    /// <summary>No progress within the time allowed on either side.</summary>
    Hang,
    /// <summary>The guest would see something different after migration.</summary>
    AbiDrift,
    /// <summary>Guest memory is wrong on the destination.</summary>
    DataLoss,
    /// <summary>The config cannot start (or the guest cannot run) on this host; never a migration result.</summary>
    NotApplicable,
    /// <summary>Docker, disk or the harness itself failed; never a QEMU bug.</summary>
    InfraError,
}

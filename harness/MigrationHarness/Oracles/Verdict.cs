namespace MigrationHarness.Oracles;

/// <summary>One word for what a case showed (see DESIGN: vocabulary).</summary>
public enum Verdict
{
    Pass,
    /// <summary>Migration refused with an error; the source still healthy, the destination exited cleanly.</summary>
    CleanReject,
    /// <summary>A QEMU died by a signal or aborted.</summary>
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

public static class VerdictNames
{
    public static string Name(this Verdict verdict) => verdict switch
    {
        Verdict.CleanReject => "clean-reject",
        Verdict.AbiDrift => "abi-drift",
        Verdict.DataLoss => "data-loss",
        Verdict.NotApplicable => "not-applicable",
        Verdict.InfraError => "infra-error",
        _ => verdict.ToString().ToLowerInvariant(),
    };

    public static Verdict Parse(string name) =>
        Enum.GetValues<Verdict>().FirstOrDefault(v => v.Name() == name, (Verdict)(-1)) is var v && (int)v >= 0
            ? v : throw new FormatException($"unknown verdict '{name}'");

    /// <summary>Verdicts that are QEMU bugs whatever any support promise says.</summary>
    public static bool IsBroken(this Verdict verdict) => verdict is Verdict.Crash or Verdict.Hang or Verdict.AbiDrift or Verdict.DataLoss;
}

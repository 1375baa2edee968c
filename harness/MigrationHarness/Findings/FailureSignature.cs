using System.Text.RegularExpressions;
using MigrationHarness.Abi;
using MigrationHarness.Migration;
using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Model;

namespace MigrationHarness.Findings;

/// <summary>
/// What makes two failures the same bug: the verdict and the exact thing that failed — the decoded
/// CPUID fields and features (leaf, register, field or feature name and sign), other drifted
/// aspects by name, a crash's signal name and first assertion or fatal line, a refusal's first
/// destination error line, a hang's side and step, the check that saw lost memory — with only the
/// incidental blanked (APIC ids, vCPU numbers, device ids, paths, addresses, sizes, line numbers).
/// The hop's builds and the machine-type family are part of it too. Shrinking must keep it exactly.
/// </summary>
public static partial class FailureSignature
{
    /// <summary>
    /// The case's signature: its judged hop, machine family and its first cause (<see cref="CaseCauses"/>:
    /// a broken promise before one that is not), so a drift is named by what caused it, not by the
    /// combination of fields one config happened to show.
    /// </summary>
    public static string? Of(CaseOutcome outcome, CaseSpec spec) => Of(outcome, spec, CaseCauses.Of(outcome, spec));

    public static string? Of(CaseOutcome outcome, CaseSpec spec, IReadOnlyList<Analysis.Causes.CaseCause> causes)
    {
        var judgement = outcome.Judgement;
        if (!judgement.Verdict.Info().IsFinding || causes.Count == 0) return null;
        var hop = judgement.Hop is { } h && h < outcome.Observation.Hops.Count ? outcome.Observation.Hops[h] : null;
        return For(judgement.Verdict, hop, Configs.Capabilities.MachineTypes.Family(spec.Config.MachineType), causes[0]);
    }

    /// <summary>The signature of one cause on a hop.</summary>
    public static string For(Verdict verdict, HopObservation? hop, string machineFamily, Analysis.Causes.CaseCause cause) =>
        $"{verdict.Name()} | {hop?.From}→{hop?.To} | {machineFamily} | {cause.Detail}";

    /// <summary>The exact part of a signature, from the judged hop.</summary>
    public static string Detail(Judgement judgement, HopObservation? hop)
    {
        if (hop is null) return Normalise(judgement.Reason);
        switch (judgement.Verdict)
        {
            case Verdict.AbiDrift when hop.AbiDifferences.Count > 0:
                return string.Join(", ", CpuidDrift.Decode(hop.AbiDifferences).Select(g => g.Change.Identity)
                    .Concat(hop.AbiDifferences.Select(d => d.Typed).Where(a => a.Kind != Abi.AbiAspectKind.CpuidRegister).Select(a => a.Identity))
                    .Distinct().Order(StringComparer.Ordinal));
            case Verdict.Crash:
                return CrashIdentity(hop);
            case Verdict.CleanReject when hop.Destination is { } destination && Runner.CaseRunner.ErrorLines(destination.Stderr) is { Length: > 0 } refusal:
                // The destination's refusal is the cause; the source's socket error ("Broken pipe", "Connection reset by peer") is a race.
                return "destination: " + Normalise(RefusalCore(refusal.Split("; ")[0]));
            case Verdict.DataLoss or Verdict.Hang when hop.Checks.FirstOrDefault(c => c.Verdict == judgement.Verdict) is { } check:
                return check.Check + (judgement.Verdict == Verdict.Hang ? ": " + Normalise(check.Summary) : "");
            default:
                return Normalise(hop.Error ?? judgement.Reason);
        }
    }

    /// <summary>A crash by the side that crashed, its signal's name and the first line that says where QEMU died.</summary>
    private static string CrashIdentity(HopObservation hop)
    {
        foreach (var (role, side) in new[] { ("source", hop.Source), ("destination", hop.Destination) })
        {
            if (Oracle.Crashed(side) is not { } crash) continue;
            var signal = SignalNumber().Match(crash) is { Success: true } m ? SignalName(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) : null;
            var line = crash.Contains(": ", StringComparison.Ordinal) ? crash[(crash.IndexOf(": ", StringComparison.Ordinal) + 2)..] : null;
            return $"{role} {signal ?? (crash.StartsWith("aborted", StringComparison.Ordinal) ? "SIGABRT" : "died")}" + (line is null ? "" : $": {Normalise(line)}");
        }
        return Normalise(hop.Error ?? "crash");
    }

    private static string? SignalName(int signal) => signal switch
    {
        4 => "SIGILL", 6 => "SIGABRT", 7 => "SIGBUS", 8 => "SIGFPE", 9 => "SIGKILL", 11 => "SIGSEGV", 15 => "SIGTERM", 5 => "SIGTRAP",
        _ => $"signal {signal}",
    };


    /// <summary>
    /// A refusal line without what only the destination's version adds around it: newer QEMUs report a
    /// section's refusal inside "load of migration failed: …: post load hook failed for: SECTION, …: "
    /// where older ones print it alone, and the machine types a configuration check names stand for the
    /// alias that resolved differently (their family is in the signature already).
    /// </summary>
    private static string RefusalCore(string line) =>
        Quoted().Replace(LoadWrapper().Replace(line, ""),
            m => Configs.Capabilities.MachineTypes.IsVersioned(m.Groups[1].Value) || Configs.Capabilities.MachineTypes.Aliases.Contains(m.Groups[1].Value) ? "'#'" : m.Value);

    [GeneratedRegex(@"load of migration failed: [^:]+: (post load hook failed for: [^:,]+, version_id: \d+, minimum_version: \d+: )?(?=.)")]
    private static partial Regex LoadWrapper();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex Quoted();

    /// <summary>Blanks what varies between runs of the same failure: paths, hex values, standalone numbers (so line numbers, ids, sizes, addresses, versions).</summary>
    public static string Normalise(string text)
    {
        text = Paths().Replace(text, "<path>");
        text = Hex().Replace(text, "#");
        text = Numbers().Replace(text, "#");
        return text.Length > 300 ? text[..300] : text;
    }

    [GeneratedRegex(@"killed by signal (\d+)")]
    private static partial Regex SignalNumber();

    [GeneratedRegex(@"/mh/[^\s,;:'""]+")]
    private static partial Regex Paths();

    [GeneratedRegex(@"\b0x[0-9a-fA-F]+\b")]
    private static partial Regex Hex();

    /// <summary>Numbers standing alone: a line number, a size, an id; digits inside a name (x86_64, q35, i440fx) are part of the name.</summary>
    [GeneratedRegex(@"\b\d+\b")]
    private static partial Regex Numbers();
}

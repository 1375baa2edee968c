using System.CommandLine;
using System.Globalization;
using MigrationHarness.Findings;
using MigrationHarness.Results;
using MigrationHarness.Model;

namespace MigrationHarness.Cli.Commands;

/// <summary><c>mh known add RUN FINDING [--file F] [--note N] [--link L] [--expires D]</c>: appends a run's finding to a known-findings baseline.</summary>
public static class KnownCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "The run directory the finding was reported in" };
        var finding = new Argument<string[]>("FINDING") { Description = "Finding ids (F1a2b3c4d), or 'all' for every finding of the run", Arity = ArgumentArity.OneOrMore };
        var file = new Option<string>("--file") { Description = "The baseline file (created when missing)", DefaultValueFactory = _ => "known-findings.yaml" };
        var note = new Option<string?>("--note") { Description = "Why it is known (shown in reports)" };
        var link = new Option<string?>("--link") { Description = "Where it is tracked (an issue URL)" };
        var expires = new Option<string?>("--expires") { Description = "Until when the entry applies (YYYY-MM-DD)" };
        var add = new Command("add", "Append findings of a run to a known-findings baseline") { run, finding, file, note, link, expires };
        add.SetAction(parse =>
        {
            var folder = RunFolder.Load(parse.GetValue(run)!);
            var findings = FindingCatalog.From(folder.Cases, folder.Manifest.Host.CpuModel);
            DateOnly? until = null;
            if (parse.GetValue(expires) is { } text)
                until = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date : throw new BadInputException($"--expires '{text}' is not a date like 2027-03-01");
            var names = parse.GetValue(finding)!;
            var chosen = names is ["all"] ? findings : names.Select(name => findings.FirstOrDefault(f => string.Equals(f.Id, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new BadInputException($"{name}: no such finding in {folder.Directory} (its findings: {string.Join(", ", findings.Select(f => f.Id))})")).ToArray();
            var path = parse.GetValue(file)!;
            foreach (var f in chosen)
            {
                KnownFindingsFile.Append(path, f, parse.GetValue(note) ?? $"{f.Verdict.Name()} seen on {f.Pairs} in run {folder.Manifest.RunId}", parse.GetValue(link), until);
                Console.WriteLine($"added {f.Id} {f.Verdict.Name()}: {f.Detail}");
            }
            Console.WriteLine($"{path}: {KnownFindingsFile.Load(path).Count} known findings");
            return ExitCodes.Success;
        });
        return new Command("known", "Keep a baseline of known findings") { add };
    }
}

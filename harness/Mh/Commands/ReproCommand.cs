using MigrationHarness.App;
using MigrationHarness.App.Repro;
using MigrationHarness.App.Runs;
using System.CommandLine;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Parsing;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;

namespace MigrationHarness.Cli.Commands;

/// <summary>
/// <c>mh repro INPUT</c>: a QEMU command line pasted from a report (or a config JSON, or a reproducer
/// folder) run on every chosen pair and direction; each failure is shrunk and written as a reproducer.
/// </summary>
public static class ReproCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "A quoted QEMU command line, a config .json file, or a reproducer directory" };
        var build = new Option<string[]>("--build") { Description = "Builds to try (default: every build)", AllowMultipleArgumentsPerToken = true };
        var scenario = new Option<string[]>("--scenario") { Description = "Scenarios (default: forward/paused, backward/paused)", AllowMultipleArgumentsPerToken = true };
        var pair = new Option<string[]>("--pair") { Description = "Only these pairs, as OLDER:NEWER (repeatable; both directions run as the scenarios say)", AllowMultipleArgumentsPerToken = true };
        var noShrink = new Option<bool>("--no-shrink") { Description = "Do not shrink failures" };
        var accel = new Option<string?>("--accel") { Description = "Accelerators to run it under: kvm, tcg, or both (a table row each); default auto: KVM when the host has it, else TCG" };
        var command = new Command("repro", "Run a reported configuration on every pair and direction, shrink what fails") { input, build, pair, scenario, noShrink, accel };
        command.SetAction(async (parse, ct) =>
        {
            var request = new ReproRequest(ReadInput(parse.GetValue(input)!))
            {
                Builds = parse.GetValue(build) ?? [],
                Pairs = parse.GetValue(pair) is { Length: > 0 } pairTexts ? pairTexts.Select(RunOptionText.Pair).ToArray() : null,
                Scenarios = parse.GetValue(scenario) is { Length: > 0 } names ? names.Select(RunOptionText.Scenario).ToArray() : [new Forward(GuestMode.Paused), new Backward(GuestMode.Paused)],
                Shrink = !parse.GetValue(noShrink),
                Accelerator = parse.GetValue(accel) is { } accelText ? AcceleratorChoice.Parse(accelText) : AcceleratorChoice.Auto,
            }.Validated();
            using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var (rows, runDirectory) = await new Reproduction(session, Console.Out).RunAsync(request, ct);
            Console.WriteLine();
            Console.WriteLine($"{"PAIR",-24} {"SCENARIO",-22} {"VERDICT",-15} REASON");
            foreach (var row in rows)
                Console.WriteLine($"{row.Pair,-24} {row.Scenario,-22} {row.Verdict.Name(),-15} {row.Reason}{(row.Reproducer is null ? "" : $"\n{"",-63}reproducer: {row.Reproducer}")}");
            Console.WriteLine($"results: {Path.GetRelativePath(Environment.CurrentDirectory, runDirectory)}");
            return rows.Any(r => r.Verdict.IsBroken()) ? ExitCodes.ExpectationViolated : ExitCodes.Success;
        });
        return command;
    }

    private static VmConfig ReadInput(string input)
    {
        try
        {
            if (Directory.Exists(input))
            {
                var path = Path.Combine(input, "config.json");
                return File.Exists(path) ? ConfigJson.Deserialize(File.ReadAllText(path)) : throw new BadInputException($"{input} has no config.json (is it a reproducer folder?)");
            }
            if (input.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                return File.Exists(input) ? ConfigJson.Deserialize(File.ReadAllText(input)) : throw new BadInputException($"config file '{input}' does not exist");
            return QemuCommandLineParser.Parse(input == "-" ? Console.In.ReadToEnd() : input);
        }
        catch (FormatException ex)
        {
            throw new BadInputException($"{(ex is CommandLineParseException ? "command line" : "config")}: {ex.Message}");
        }
    }
}

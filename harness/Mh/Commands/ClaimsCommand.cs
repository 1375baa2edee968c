using System.CommandLine;
using MigrationHarness.App;
using MigrationHarness.App.Claims;
using MigrationHarness.Claims;
using MigrationHarness.Model;

namespace MigrationHarness.Cli.Commands;

/// <summary><c>mh claims check FILE.yaml</c>: tests each claim with a focused campaign and reports it held, violated or untested.</summary>
public static class ClaimsCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The claims file (YAML)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the focused campaigns", DefaultValueFactory = _ => 1 };
        var check = new Command("check", "Test a downstream's claims, claim by claim") { file, seed };
        check.SetAction(async (parse, ct) =>
        {
            using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var claims = ClaimsFile.Load(parse.GetValue(file)!, session.Catalog);
            var (verdicts, runDirectory) = await new ClaimsCheck(session, Console.Out).CheckAsync(claims, parse.GetValue(seed), ct);
            foreach (var v in verdicts)
                Console.WriteLine($"{v.Status}: {v.Claim.Text} (met {v.MetTier}; {v.Detail}){(v.Reproducer is null ? "" : $"\n  reproducer: {v.Reproducer}")}\n  coverage: {v.Coverage.Summary}");
            Console.WriteLine($"results: {Path.GetRelativePath(Environment.CurrentDirectory, runDirectory)}");
            return verdicts.Any(v => v.Status == "violated") ? ExitCodes.ExpectationViolated : ExitCodes.Success;
        });
        return new Command("claims", "Check a downstream's migration claims") { check };
    }
}

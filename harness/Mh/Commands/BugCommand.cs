using System.CommandLine;
using MigrationHarness.App.Bugs;

namespace MigrationHarness.Cli.Commands;

public static class BugCommand
{
    /// <summary>
    /// <c>mh bug RUN FINDING… [--bracket]</c>: writes and prints the <c>BUG.md</c> of findings
    /// that break a promise (by id, or <c>all</c>); with <c>--bracket</c> first replays each one's
    /// reproducer on every pair of the run's builds to say where it shows and which side is to blame.
    /// </summary>
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "A run directory (results/<run-id>)" };
        var ids = new Argument<string[]>("FINDING") { Description = "Finding ids (F1a2b3c4d), or all", Arity = ArgumentArity.OneOrMore };
        var bracket = new Option<bool>("--bracket") { Description = "Replay each reproducer on every pair of the run's builds first (real QEMU; about 10 s a pair)" };
        var command = new Command("bug", "Write the bug report (BUG.md) of findings that break a promise, ready to file upstream") { run, ids, bracket };
        command.SetAction(async (parse, ct) =>
        {
            await new BugReportWriter(parse.GetValue(CommonOptions.BuildsFile), Console.Out).WriteAsync(parse.GetValue(run)!, parse.GetValue(ids)!, parse.GetValue(bracket),
                (path, text) =>
                {
                    Console.Write(text);
                    Console.WriteLine($"\nwritten: {path}\n");
                }, ct);
            return ExitCodes.Success;
        });
        return command;
    }
}

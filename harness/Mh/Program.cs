using System.CommandLine;
using System.Runtime.InteropServices;
using MigrationHarness;
using MigrationHarness.Cli;
using MigrationHarness.Cli.Commands;

var root = new RootCommand("MigrationHarness: finds live-migration bugs between QEMU builds.");
root.Options.Add(CommonOptions.BuildsFile);
root.Subcommands.Add(BuildsCommand.Create());
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(ConfigsCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(ResultsCommand.Create());
root.Subcommands.Add(ClaimsCommand.Create());
root.Subcommands.Add(ReproCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(ControlsCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(BugCommand.Create());
root.Subcommands.Add(KnownCommand.Create());
root.Subcommands.Add(ExplainCommand.Create());
root.Subcommands.Add(VmstateCommand.Create());
root.Subcommands.Add(CoverageCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // The most specific error first: one naming a token the user typed, over a generic one.
    var error = parse.Errors.FirstOrDefault(e => e.Message.Contains('\'', StringComparison.Ordinal)) ?? parse.Errors[0];
    Console.Error.WriteLine($"mh: {error.Message} (see 'mh --help')");
    return ExitCodes.BadInput;
}

// Ctrl-C and SIGTERM cancel the run; the commands' finally blocks then remove every container.
using var interrupt = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    if (!interrupt.IsCancellationRequested) Console.Error.WriteLine("mh: interrupted; removing containers…");
    interrupt.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

try
{
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, interrupt.Token);
}
catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
{
    return ExitCodes.Interrupted;
}
catch (BadInputException ex)
{
    Console.Error.WriteLine($"mh: {ex.Message}");
    return ExitCodes.BadInput;
}
catch (InfrastructureException ex)
{
    Console.Error.WriteLine($"mh: infrastructure failure: {ex.Message}");
    return ExitCodes.Infrastructure;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    // A full disk or an unwritable results directory: the machine's trouble, not a finding. Lines already written stay whole.
    Console.Error.WriteLine($"mh: infrastructure failure (files): {ex.Message}");
    return ExitCodes.Infrastructure;
}

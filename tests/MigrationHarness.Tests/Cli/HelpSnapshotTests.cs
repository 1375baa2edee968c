using System.Text;
using MigrationHarness.Processes;
using MigrationHarness.Tests.Infrastructure;
using Snapshooter;
using Snapshooter.Xunit3;

namespace MigrationHarness.Tests.Cli;

/// <summary>
/// <c>mh --help</c> of every command and subcommand, as the real CLI prints it, in one snapshot: an
/// option renamed, dropped or described differently shows up as a diff.
/// </summary>
public sealed class HelpSnapshotTests
{
    [Fact(Timeout = 180_000)]
    public async Task The_help_of_every_command()
    {
        var text = new StringBuilder();
        var pending = new Queue<string[]>([[]]);
        while (pending.TryDequeue(out var command))
        {
            var help = await HostCommand.RunAsync("dotnet", [MhProcess.Assembly, .. command, "--help"], TimeSpan.FromSeconds(60));
            Assert.True(help.Succeeded, $"mh {string.Join(' ', command)} --help: exit {help.ExitCode}\n{help.StandardError}");
            text.Append("## mh ").AppendJoin(' ', command).Append('\n').Append(help.StandardOutput.ReplaceLineEndings("\n")).Append('\n');
            foreach (var subcommand in Subcommands(help.StandardOutput)) pending.Enqueue([.. command, subcommand]);
        }

        Snapshot.Match(MachineIndependent(text.ToString()), new SnapshotNameExtension("help.txt"));
    }

    /// <summary>--parallel defaults to the host's cores; the snapshot says so instead of this machine's count.</summary>
    private static string MachineIndependent(string help) => string.Join('\n', help.Split('\n').Select(line =>
        line.TrimStart().StartsWith("--parallel", StringComparison.Ordinal)
            ? line.Replace($"[default: {Environment.ProcessorCount}]", "[default: <cores>]", StringComparison.Ordinal)
            : line));

    /// <summary>The first word of each line of the help's "Commands:" section.</summary>
    private static IEnumerable<string> Subcommands(string help) =>
        help.ReplaceLineEndings("\n").Split("\n\n").Where(section => section.StartsWith("Commands:", StringComparison.Ordinal))
            .SelectMany(section => section.Split('\n').Skip(1))
            .Where(line => line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("   ", StringComparison.Ordinal))
            .Select(line => line.TrimStart().Split(' ')[0]);
}

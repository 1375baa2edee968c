using MigrationHarness.Results;
using MigrationHarness.Campaign;
using Spectre.Console;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Cli;

/// <summary>
/// Shows a campaign as it runs. On a terminal: a live Spectre panel with cases done, rate, verdict
/// counts, the latest failures (each with its seed and index) and the time left. Anywhere else (a CI
/// log, a file): one plain line per case, a failure's seed and reason under it, and a tally line
/// every ten cases, because a log is read after the fact and must not hold cursor movements.
/// </summary>
public sealed class ProgressDisplay(CampaignProgress progress, bool live) : MigrationHarness.App.Runs.ICampaignDisplay
{
    private const int TallyEvery = 10;
    private const int FailuresShown = 6;
    private long _printed;

    /// <summary>Whether this process writes to an interactive terminal (otherwise the plain form is used).</summary>
    public static bool TerminalIsInteractive =>
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive && AnsiConsole.Profile.Capabilities.Ansi;

    /// <summary>Runs <paramref name="campaign"/> while showing its progress.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> campaign)
    {
        if (!live) return await campaign();
        T result = default!;
        await AnsiConsole.Live(Render(progress.Snapshot())).AutoClear(false).StartAsync(async context =>
        {
            var work = campaign();
            while (await Task.WhenAny(work, Task.Delay(500)) != work)
            {
                context.UpdateTarget(Render(progress.Snapshot()));
            }
            context.UpdateTarget(Render(progress.Snapshot()));
            result = await work;
        });
        // The panel scrolls away with the terminal; the failures' seeds stay printed below it.
        foreach (var failure in progress.Snapshot().Failures)
            Console.WriteLine($"{failure.Id} {failure.Verdict.Name()}: seed {failure.Seed} index {failure.Index}: {failure.Reason}");
        return result;
    }

    /// <summary>Called once per finished case (from any worker).</summary>
    public void OnCase(CaseRecord record)
    {
        progress.Record(record);
        if (live) return;
        var snapshot = progress.Snapshot();
        var n = Interlocked.Increment(ref _printed);
        Console.WriteLine($"[{snapshot.Done}] {record.Id} {record.Scenario} {string.Join("→", record.Builds)} {record.MachineType}: {record.Verdict.Name()}" +
                          $"{(record.Flaky ? " (flaky)" : "")} ({record.DurationMs / 1000:0.0} s)" +
                          (record.PreviousVerdict is { } before ? $" [regression case, was {before.Name()}]" : "") +
                          (record.Verdict is Verdict.Pass or Verdict.NotApplicable ? "" : $"\n      seed {record.Seed} index {record.Index}: {record.Reason}"));
        if (n % TallyEvery == 0) Console.WriteLine("progress: " + snapshot.Line());
    }

    private static Panel Render(ProgressSnapshot snapshot)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[bold]cases[/]", Markup.Escape(snapshot.Planned is { } p ? $"{snapshot.Done} of {p}" : snapshot.Done.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        grid.AddRow("[bold]rate[/]", snapshot.PerMinute is { } rate ? $"{rate:0.0} per minute" : "…");
        grid.AddRow("[bold]verdicts[/]", snapshot.Counts.Count == 0 ? "…" : string.Join("  ", snapshot.Counts.Select(c => $"{Colour(c.Verdict)}{Markup.Escape(c.Verdict)}[/] {c.Count}")));
        grid.AddRow("[bold]failures[/]", snapshot.Failures.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        grid.AddRow("[bold]time left[/]", snapshot.TimeLeft is { } left ? "about " + ProgressSnapshot.Duration(left) : "…");
        foreach (var failure in snapshot.Failures.TakeLast(FailuresShown))
            grid.AddRow($"  {Colour(failure.Verdict.Name())}{Markup.Escape(failure.Verdict.Name())}[/]",
                Markup.Escape($"{failure.Id} {string.Join("→", failure.Builds)} {failure.MachineType} (seed {failure.Seed} index {failure.Index})"));
        return new Panel(grid).Header("campaign").Border(BoxBorder.Rounded);
    }

    private static string Colour(string verdict) => $"[{MigrationHarness.Model.VerdictTable.Info(verdict).ConsoleColour}]";
}

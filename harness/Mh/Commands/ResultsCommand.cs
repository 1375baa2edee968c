using System.CommandLine;
using System.Text.Json;
using MigrationHarness.App;
using MigrationHarness.Campaign;
using MigrationHarness.Exporters;
using MigrationHarness.Results;
using MigrationHarness.Tiers;
using MigrationHarness.Records;

namespace MigrationHarness.Cli.Commands;

/// <summary><c>mh results merge OUT SHARD-DIR…</c>: joins the shards of one campaign into one run.</summary>
public static class ResultsCommand
{
    public static Command Create()
    {
        var output = new Argument<string>("OUT") { Description = "Directory of the merged run (created)" };
        var shards = new Argument<string[]>("SHARD") { Description = "Run directories of the shards", Arity = ArgumentArity.OneOrMore };
        var merge = new Command("merge", "Join shard runs of one seed into one run, with tiers and reports") { output, shards };
        merge.SetAction(async (parse, ct) =>
        {
            var directories = parse.GetValue(shards)!;
            var manifests = directories.Select(RunFolder.ReadManifest).ToArray();
            if (ShardSet.Problem(directories.Zip(manifests).ToArray()) is { } refusal) throw new BadInputException("merge: " + refusal);
            var all = directories.SelectMany(d => CaseLog.Read(Path.Combine(d, "cases.jsonl")).Select(r => (Directory: d, Record: r))).ToArray();
            if (all.GroupBy(x => x.Record.Index).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new BadInputException($"merge: case {twice.First().Record.Id} is recorded by more than one shard ({string.Join(", ", twice.Select(x => x.Directory))})");
            var records = all.Select(x => x.Record).OrderBy(r => r.Index).ToArray();
            var target = parse.GetValue(output)!;
            Directory.CreateDirectory(target);
            using (var log = new CaseLog(Path.Combine(target, "cases.jsonl")))
                foreach (var record in records) log.Append(record);
            var manifest = manifests[0] with { RunId = Path.GetFileName(Path.GetFullPath(target)), Shard = null, Command = "mh results merge " + string.Join(' ', directories) };
            await File.WriteAllTextAsync(Path.Combine(target, "manifest.json"), JsonSerializer.Serialize(manifest, ResultsJson.Document), ct);
            // One fingerprint means one set of spaces: the shards' universes differ only in the rows their cases reached.
            var universes = directories.Select(MigrationHarness.Coverage.RunUniverse.Load).ToArray();
            var universe = new MigrationHarness.Coverage.RunUniverse(
                universes.SelectMany(u => u.Pairs).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value),
                universes.SelectMany(u => u.Rows).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value));
            foreach (var directory in directories)
            {
                var root = Path.Combine(directory, "reproducers");
                if (!Directory.Exists(root)) continue;
                foreach (var reproducer in Directory.GetDirectories(root))
                {
                    var name = Path.GetFileName(reproducer);
                    var destination = Path.Combine(target, "reproducers", name);
                    CopyDirectory(reproducer, destination);
                }
            }
            var (report, problems) = await RunFinisher.FinishAsync(new RunToFinish(target, manifest, records)
            {
                Universe = universe,
                Known = manifest.Known is { } known && File.Exists(known) ? Findings.KnownFindingsFile.Load(known) : [],
                HostLabels = Findings.HostLabelsFile.Load(directories),
            }, ct);
            foreach (var problem in problems) Console.Error.WriteLine($"mh: exporter failed: {problem}");
            Console.WriteLine($"merged {records.Length} cases from {directories.Length} shards into {target}");
            return RunExit.Of(report, stoppedByInfrastructure: false);
        });
        return new Command("results", "Work with run results") { merge };
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }
}

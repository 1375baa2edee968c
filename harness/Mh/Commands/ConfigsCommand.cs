using MigrationHarness.App;
using System.CommandLine;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Generation;
using MigrationHarness.Configs.Parsing;
using MigrationHarness.Qemu;

namespace MigrationHarness.Cli.Commands;

/// <summary><c>mh configs sample|stats|parse</c>: look at the config space without running anything.</summary>
public static class ConfigsCommand
{
    public static Command Create()
    {
        var builds = new Option<string[]>("--between") { Description = "Builds the configs must be valid for (default: every build)", AllowMultipleArgumentsPerToken = true };
        var count = new Option<int>("--count") { Description = "How many configs", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed (same seed, same configs)", DefaultValueFactory = _ => 1 };
        var size = new Option<int?>("--size") { Description = "FsCheck size 0..100 (default: cycles through 0..100)" };

        var sample = new Command("sample", "Print generated configs as JSON lines") { builds, count, seed, size };
        sample.SetAction(async (parse, ct) =>
        {
            var space = await SpaceAsync(parse, builds, ct);
            foreach (var config in Generate(space, parse.GetValue(seed), parse.GetValue(count), parse.GetValue(size)))
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(config, ConfigJson.Compact));
            return ExitCodes.Success;
        });

        var stats = new Command("stats", "Show how often each machine-type family, NUMA node count, DIMM count and feature policy occurs") { builds, count, seed, size };
        stats.SetAction(async (parse, ct) =>
        {
            var space = await SpaceAsync(parse, builds, ct);
            var configs = Generate(space, parse.GetValue(seed), parse.GetValue(count), parse.GetValue(size)).ToArray();
            Console.Write(ConfigDistribution.Of(configs).Render());
            return ExitCodes.Success;
        });

        var line = new Argument<string>("COMMAND-LINE") { Description = "A QEMU command line (quote it), or - to read it from stdin" };
        var parseCommand = new Command("parse", "Read a pasted QEMU command line into a config (JSON)") { line };
        parseCommand.SetAction(parse =>
        {
            var text = parse.GetValue(line)!;
            if (text == "-") text = Console.In.ReadToEnd();
            try
            {
                Console.WriteLine(ConfigJson.Serialize(QemuCommandLineParser.Parse(text)));
                return ExitCodes.Success;
            }
            catch (CommandLineParseException ex)
            {
                throw new BadInputException("command line: " + ex.Message);
            }
        });

        var check = new Command("check", "Start generated configs on two builds and count which start on both, neither, or only one") { builds, count, seed, size };
        check.SetAction(async (parse, ct) =>
        {
            using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var names = parse.GetValue(builds);
            if (names is not { Length: 2 }) throw new BadInputException("configs check needs --between A B (two builds)");
            var ready = await session.ResolveAsync(names.Select(session.Catalog.Get).ToArray(), ct);
            var workspace = new RunWorkspace(HarnessSession.NewRunId());
            await using var pool = await session.NewPoolAsync(workspace, ct);
            var space = (await session.SpaceAsync(pool, ready, ct)).Space;
            var checker = new Portability.ConfigStartCheck(pool);
            var results = new List<Portability.PortabilityResult>();
            foreach (var config in Generate(space, parse.GetValue(seed), parse.GetValue(count), parse.GetValue(size)))
            {
                var result = await checker.CompareAsync(ready[0], ready[1], config, ct);
                results.Add(result);
                if (result.Class != Portability.PortabilityClass.Portable) Console.WriteLine($"{result.Class}: {result.Describe()}");
            }
            foreach (var group in results.GroupBy(r => r.Class))
                Console.WriteLine($"{group.Key}: {group.Count()} ({100.0 * group.Count() / results.Count:0.0}%)");
            return ExitCodes.Success;
        });

        return new Command("configs", "Generate, inspect, check and parse VM configs") { sample, stats, check, parseCommand };
    }

    private static IEnumerable<VmConfig> Generate(Configs.Capabilities.ConfigSpace space, ulong seed, int count, int? size) =>
        Enumerable.Range(0, count).Select(i => VmConfigGen.Sample(space, seed, i, size ?? i % (VmConfigGen.MaxSize + 1)));

    private static async Task<Configs.Capabilities.ConfigSpace> SpaceAsync(ParseResult parse, Option<string[]> between, CancellationToken ct)
    {
        using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
        var names = parse.GetValue(between);
        var selected = names is { Length: > 0 } ? names.Select(session.Catalog.Get).ToArray() : session.Catalog.Builds.ToArray();
        var ready = await session.ResolveAsync(selected, ct);
        var workspace = new RunWorkspace(HarnessSession.NewRunId());
        await using var pool = await session.NewPoolAsync(workspace, ct);
        return (await session.SpaceAsync(pool, ready, ct)).Space;
    }
}

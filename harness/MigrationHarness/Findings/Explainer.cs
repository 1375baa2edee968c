using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Findings.Vmstate;
using MigrationHarness.Qemu;
using MigrationHarness.Qmp;

namespace MigrationHarness.Findings;

/// <summary>
/// Asks both builds about one config (see <see cref="Explanation"/>): each starts it paused and
/// reports its vCPU's and machine's QOM properties; each dumps its vmstate for the machine type;
/// a saved migration stream, when there is one, says which sections matter.
/// </summary>
public static class Explainer
{
    public static async Task<Explanation> ExplainAsync(ContainerPool pool, ReadyBuild source, ReadyBuild destination, VmConfig config, string? streamFile,
        CancellationToken cancellationToken = default)
    {
        var (older, newer) = source.Version <= destination.Version ? (source, destination) : (destination, source);
        var notes = new List<string>();
        var properties = new List<QomDifference>();
        var olderProperties = await PropertiesAsync(pool, older, config, notes, cancellationToken);
        var newerProperties = await PropertiesAsync(pool, newer, config, notes, cancellationToken);
        if (olderProperties is not null && newerProperties is not null)
            foreach (var name in new[] { "machine", "cpu" })
                properties.AddRange(QomProperties.Between(name, olderProperties[name], newerProperties[name]));

        var olderDump = await VmstateDumper.DumpAsync(pool, older, config.MachineType, cancellationToken);
        var newerDump = await VmstateDumper.DumpAsync(pool, newer, config.MachineType, cancellationToken);
        var all = VmstateComparison.Between(olderDump, newerDump);
        IReadOnlyList<string> sent = [];
        if (streamFile is not null && File.Exists(streamFile))
        {
            var known = olderDump.Sections.Keys.Union(newerDump.Sections.Keys).ToHashSet(StringComparer.Ordinal);
            sent = StreamSections.Read(await Records.MigrationStreamFile.ReadAsync(streamFile, cancellationToken), known).Keys.ToArray();
        }
        var relevant = sent.Count == 0 ? all : all.Where(d => sent.Contains(d.Section)).ToArray();
        return new Explanation(source.Name, destination.Name, config.MachineType, properties, relevant, sent, all.Count - relevant.Count,
            notes.Count == 0 ? null : string.Join("\n", notes));
    }

    private static async Task<Dictionary<string, IReadOnlyDictionary<string, string>>?> PropertiesAsync(ContainerPool pool, ReadyBuild build, VmConfig config,
        List<string> notes, CancellationToken cancellationToken)
    {
        var slot = await pool.CreateSlotAsync("explain", build.Build, cancellationToken);
        try
        {
            var container = await pool.GetAsync(build.Build, cancellationToken);
            await using var qemu = await QemuInstance.StartAsync(container, "explain", QemuCommandLine.Render(config, RenderSide.Destination), slot,
                new QemuStartOptions(), cancellationToken);
            var cpu = await QomProperties.FirstCpuPathAsync(qemu.Qmp, cancellationToken);
            var result = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["cpu"] = cpu is null ? new Dictionary<string, string>() : await QomProperties.ReadAsync(qemu.Qmp, cpu, cancellationToken),
                ["machine"] = await QomProperties.ReadAsync(qemu.Qmp, "/machine", cancellationToken),
            };
            await qemu.QuitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return result;
        }
        catch (Exception ex) when (ex is QemuStartException or QmpException)
        {
            notes.Add($"{build.Name} could not be asked for its QOM properties: {ex.Message.Split('\n')[0]}");
            return null;
        }
        finally
        {
            await pool.DeleteSlotAsync(slot);
        }
    }
}

using System.Collections.Immutable;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using MigrationHarness.Model;

namespace MigrationHarness.Builds;

/// <summary>The builds file (<c>builds.yaml</c>): the QEMU builds a run may use, in version order.</summary>
/// <param name="Declared">Every build the file declares, in its order; any of them may be named.</param>
public sealed partial record BuildCatalog(ImmutableArray<Build> Declared, string SourcePath)
{
    public const string DefaultFileName = "builds.yaml";
    public const string DefaultMirror = "http://deb.debian.org/debian";

    /// <summary>
    /// The builds a command takes when none is named: every declared build but those marked
    /// <c>default: false</c>, so a build kept for a narrower check adds no pair to default runs,
    /// to the images set-up makes or to the tests.
    /// </summary>
    public ImmutableArray<Build> Builds => [.. Declared.Where(b => b.InDefaultCampaign)];

    public Build Get(string name) =>
        Declared.FirstOrDefault(b => b.Name == name)
        ?? throw new BadInputException($"unknown build '{name}'; {SourcePath} declares: {string.Join(", ", Declared.Select(b => b.Name))}.");

    /// <summary>Finds <c>builds.yaml</c> in the current directory or any parent (so <c>mh</c> works from anywhere in the repo).</summary>
    public static string Locate(string? explicitPath = null)
    {
        if (explicitPath is not null)
            return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : throw new BadInputException($"builds file '{explicitPath}' does not exist.");
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DefaultFileName);
            if (File.Exists(candidate)) return candidate;
        }
        throw new BadInputException($"no {DefaultFileName} found here or in any parent directory; pass --builds FILE.");
    }

    public static BuildCatalog Load(string path) => Parse(File.ReadAllText(path), path);

    public static BuildCatalog Parse(string yaml, string sourcePath)
    {
        CatalogFile file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build()
                .Deserialize<CatalogFile?>(yaml) ?? throw new BadInputException($"{sourcePath}: the file is empty; it needs a 'builds:' list.");
        }
        catch (YamlException ex)
        {
            throw new BadInputException($"{sourcePath}:{ex.Start.Line}: {FirstLine(ex.InnerException?.Message ?? ex.Message)}");
        }
        if (file.Builds is not { Count: > 0 }) throw new BadInputException($"{sourcePath}: 'builds:' is missing or empty.");
        var mirror = file.Mirror ?? DefaultMirror;
        var builds = ImmutableArray.CreateBuilder<Build>();
        foreach (var (entry, index) in file.Builds.Select((b, i) => (b, i)))
        {
            var where = $"{sourcePath}: build #{index + 1}";
            if (string.IsNullOrWhiteSpace(entry.Name)) throw new BadInputException($"{where} has no 'name'.");
            if (!NamePattern().IsMatch(entry.Name))
                throw new BadInputException($"{where}: name '{entry.Name}' may only use letters, digits, '.', '_' and '-' (it becomes an image tag).");
            if (builds.Any(b => b.Name == entry.Name)) throw new BadInputException($"{where}: the name '{entry.Name}' is declared twice.");
            var kinds = new object?[] { entry.Debian, entry.Image, entry.Binary }.Count(k => k is not null);
            if (kinds != 1)
                throw new BadInputException($"{where} ('{entry.Name}') must have exactly one of 'debian', 'image' or 'binary'.");
            BuildSource source;
            if (entry.Debian is { } debian)
            {
                if (string.IsNullOrWhiteSpace(debian.Suite)) throw new BadInputException($"{where} ('{entry.Name}'): 'debian' needs a 'suite'.");
                var extraSuites = debian.ExtraSuites ?? [];
                if (extraSuites.Any(string.IsNullOrWhiteSpace) || extraSuites.Contains(debian.Suite) || extraSuites.Distinct().Count() != extraSuites.Count)
                    throw new BadInputException($"{where} ('{entry.Name}'): 'extra-suites' must name suites other than '{debian.Suite}', each once.");
                var packages = debian.Packages ?? ["qemu-system-x86"];
                // apt's "package/suite" fails inside mmdebstrap, minutes in, when the suite is not a source: say so now.
                if (packages.FirstOrDefault(p => p.Split('/') is [_, var suite] && suite != debian.Suite && !extraSuites.Contains(suite)) is { } unsourced)
                    throw new BadInputException($"{where} ('{entry.Name}'): package '{unsourced}' names a suite that is neither 'suite' nor in 'extra-suites'.");
                source = new BuildSource.Debian(debian.Suite, [.. packages], mirror) { ExtraSuites = [.. extraSuites] };
            }
            else if (entry.Image is { } image)
            {
                source = new BuildSource.ExistingImage(image);
            }
            else
            {
                if (!entry.Binary!.StartsWith('/')) throw new BadInputException($"{where} ('{entry.Name}'): 'binary' must be an absolute path.");
                if (string.IsNullOrWhiteSpace(entry.BaseImage))
                    throw new BadInputException($"{where} ('{entry.Name}'): a 'binary' build needs a 'base-image' holding its libraries.");
                source = new BuildSource.HostBinary(entry.Binary, entry.BaseImage);
            }
            Configs.GuestArchitecture architecture;
            try { architecture = entry.Arch is null ? Configs.GuestArchitecture.X86_64 : Configs.GuestArchitecture.Parse(entry.Arch); }
            catch (FormatException ex) { throw new BadInputException($"{where} ('{entry.Name}'): arch {ex.Message}."); }
            builds.Add(new Build(entry.Name, source) { InDefaultCampaign = entry.Default ?? true, Architecture = architecture });
        }
        if (builds.All(b => !b.InDefaultCampaign))
            throw new BadInputException($"{sourcePath}: every build is 'default: false'; a run that names no build needs at least one default build.");
        return new BuildCatalog(builds.ToImmutable(), sourcePath);
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex NamePattern();

    private sealed class CatalogFile
    {
        public string? Mirror { get; set; }
        public List<BuildEntry>? Builds { get; set; }
    }

    private sealed class BuildEntry
    {
        public string? Name { get; set; }
        public DebianEntry? Debian { get; set; }
        public string? Image { get; set; }
        public string? Binary { get; set; }
        public string? BaseImage { get; set; }
        public bool? Default { get; set; }
        public string? Arch { get; set; }
    }

    private sealed class DebianEntry
    {
        public string? Suite { get; set; }
        public List<string>? Packages { get; set; }
        public List<string>? ExtraSuites { get; set; }
    }
}

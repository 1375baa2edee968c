
namespace MigrationHarness.Model;

/// <summary>One pinned QEMU as the catalog declares it: a name and how its image is made.</summary>
public sealed record Build(string Name, BuildSource Source)
{
    /// <summary>
    /// Whether a run that names no build takes this one (<c>default: false</c> in the catalog opts out).
    /// Every default build multiplies the pairs of every default run, so a build kept for one kind of
    /// check (a stable series' point releases) stays out and is named with <c>--build</c> or in a claim.
    /// </summary>
    public bool InDefaultCampaign { get; init; } = true;

    /// <summary>The guest architecture the build emulates (<c>arch:</c> in the catalog); a campaign pairs builds of one architecture only.</summary>
    public Configs.GuestArchitecture Architecture { get; init; } = Configs.GuestArchitecture.X86_64;

    /// <summary>Where QEMU lives inside the build's container.</summary>
    public const string HostBinaryMountPoint = "/opt/migrationharness/qemu-system-x86_64";

    /// <summary>The image a container of this build runs.</summary>
    public string Image => Source switch
    {
        BuildSource.Debian => $"mh-build:{Name}",
        BuildSource.ExistingImage e => e.Image,
        BuildSource.HostBinary h => h.BaseImage,
        _ => throw new InvalidOperationException(),
    };

    public string QemuBinary => Source is BuildSource.HostBinary ? HostBinaryMountPoint : Architecture.QemuSystemBinary;

    /// <summary>Extra read-only binds the build's containers need (the host binary).</summary>
    public IEnumerable<string> Binds => Source is BuildSource.HostBinary h ? [$"{h.Path}:{HostBinaryMountPoint}:ro"] : [];
}

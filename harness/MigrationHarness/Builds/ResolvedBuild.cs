namespace MigrationHarness.Builds;

/// <summary>What a build turned out to be on this machine: exact QEMU and package versions and the image id.</summary>
public sealed record ResolvedBuild(string Name, string Source, string Image, string ImageId, string QemuVersion, string QemuPackage,
    string PackageVersion, DateTimeOffset ResolvedAt)
{
    public Configs.QemuVersion Version => Configs.QemuVersion.Parse(QemuVersion);
}

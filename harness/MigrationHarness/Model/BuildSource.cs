using System.Collections.Immutable;

namespace MigrationHarness.Model;

/// <summary>How a build's image comes to exist.</summary>
public abstract record BuildSource
{
    /// <summary>A Debian suite bootstrapped by mmdebstrap with the QEMU package, imported into Docker.</summary>
    public sealed record Debian(string Suite, ImmutableArray<string> Packages, string Mirror) : BuildSource
    {
        /// <summary>
        /// Suites of the same mirror added beside <see cref="Suite"/>, e.g. <c>bookworm-backports</c>. Apt takes
        /// nothing from a backports suite unless a package names it (its pin priority is 100):
        /// <c>qemu-system-x86/bookworm-backports</c>. Apt does not follow that to the package's dependencies,
        /// so each one that needs a newer version than <see cref="Suite"/> has is named the same way.
        /// </summary>
        public ImmutableArray<string> ExtraSuites { get; init; } = [];

        public override string Describe() =>
            $"debian {string.Join(" + ", ExtraSuites.Insert(0, Suite))} ({string.Join(' ', Packages)})";
    }

    /// <summary>An image the user already has.</summary>
    public sealed record ExistingImage(string Image) : BuildSource
    {
        public override string Describe() => $"image {Image}";
    }

    /// <summary>A QEMU binary on the host, bind-mounted read-only into a base image that has its libraries.</summary>
    public sealed record HostBinary(string Path, string BaseImage) : BuildSource
    {
        public override string Describe() => $"binary {Path} on {BaseImage}";
    }

    public abstract string Describe();
}

using MigrationHarness.Builds;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Builds;

public sealed class BuildCatalogTests
{
    [Fact]
    public void The_default_catalog_declares_five_debian_builds_in_version_order_and_four_are_default()
    {
        var catalog = BuildCatalog.Load(Path.Combine(RealQemuFixture.RepositoryRoot, "builds.yaml"));

        Assert.Equal(["qemu-5.2", "qemu-7.2", "qemu-10.0.2", "qemu-10.0", "qemu-11.1"], catalog.Declared.Select(b => b.Name));
        Assert.Equal(["qemu-5.2", "qemu-7.2", "qemu-10.0", "qemu-11.1"], catalog.Builds.Select(b => b.Name));
        Assert.Equal(["bullseye", "bookworm", "trixie", "sid"], catalog.Builds.Select(b => ((BuildSource.Debian)b.Source).Suite));
        Assert.All(catalog.Declared, b => Assert.Equal($"mh-build:{b.Name}", b.Image));
    }

    [Fact]
    public void The_stable_series_build_is_bookworm_with_qemu_from_backports_and_not_default()
    {
        var catalog = BuildCatalog.Load(Path.Combine(RealQemuFixture.RepositoryRoot, "builds.yaml"));

        var build = catalog.Get("qemu-10.0.2");

        Assert.False(build.InDefaultCampaign);
        var debian = Assert.IsType<BuildSource.Debian>(build.Source);
        Assert.Equal("bookworm", debian.Suite);
        Assert.Equal(["bookworm-backports"], debian.ExtraSuites);
        Assert.Contains("qemu-system-x86/bookworm-backports", debian.Packages);
        Assert.All(debian.Packages, p => Assert.EndsWith("/bookworm-backports", p));
    }

    [Fact]
    public void A_debian_build_can_add_suites_and_stay_out_of_the_default_campaign()
    {
        var catalog = BuildCatalog.Parse("""
            mirror: http://mirror.example/debian
            builds:
              - name: stable
                debian: { suite: bookworm }
              - name: backport
                debian: { suite: bookworm, extra-suites: [bookworm-backports], packages: [qemu-system-x86/bookworm-backports] }
                default: false
            """, "test.yaml");

        Assert.Equal(["stable"], catalog.Builds.Select(b => b.Name));
        Assert.Equal(["stable", "backport"], catalog.Declared.Select(b => b.Name));
        var backport = (BuildSource.Debian)catalog.Get("backport").Source;
        Assert.Equal("debian bookworm + bookworm-backports (qemu-system-x86/bookworm-backports)", backport.Describe());
        Assert.Equal(["bookworm", "-", "http://mirror.example/debian", "deb http://mirror.example/debian bookworm-backports main"],
            ImageBuilder.MmdebstrapArguments(backport).TakeLast(4));
        Assert.Contains("--include=qemu-system-x86/bookworm-backports", ImageBuilder.MmdebstrapArguments(backport));
        Assert.Empty(((BuildSource.Debian)catalog.Get("stable").Source).ExtraSuites);
        Assert.Equal("debian bookworm (qemu-system-x86)", catalog.Get("stable").Source.Describe());
    }

    [Fact]
    public void A_build_can_be_an_existing_image_or_a_host_binary()
    {
        var catalog = BuildCatalog.Parse("""
            builds:
              - name: mine
                image: registry.example/qemu:custom
              - name: dev
                binary: /usr/local/bin/qemu-system-x86_64
                base-image: mh-build:qemu-11.1
            """, "test.yaml");

        Assert.Equal("registry.example/qemu:custom", catalog.Get("mine").Image);
        var dev = catalog.Get("dev");
        Assert.Equal("mh-build:qemu-11.1", dev.Image);
        Assert.Equal(Build.HostBinaryMountPoint, dev.QemuBinary);
        Assert.Equal(["/usr/local/bin/qemu-system-x86_64:/opt/migrationharness/qemu-system-x86_64:ro"], dev.Binds);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("builds: []", "missing or empty")]
    [InlineData("builds:\n  - debian: { suite: sid }", "has no 'name'")]
    [InlineData("builds:\n  - name: 'a b'\n    debian: { suite: sid }", "may only use")]
    [InlineData("builds:\n  - name: a\n    debian: { suite: sid }\n  - name: a\n    debian: { suite: sid }", "declared twice")]
    [InlineData("builds:\n  - name: a", "exactly one of")]
    [InlineData("builds:\n  - name: a\n    image: x\n    debian: { suite: sid }", "exactly one of")]
    [InlineData("builds:\n  - name: a\n    debian: { packages: [x] }", "needs a 'suite'")]
    [InlineData("builds:\n  - name: a\n    binary: relative/qemu\n    base-image: x", "absolute path")]
    [InlineData("builds:\n  - name: a\n    binary: /qemu", "base-image")]
    [InlineData("builds:\n  - name: a\n    colour: blue", "test.yaml:")]
    [InlineData("builds:\n  - name: a\n    debian: { suite: sid, extra-suites: [sid] }", "'extra-suites' must name")]
    [InlineData("builds:\n  - name: a\n    debian: { suite: sid, extra-suites: [x, x] }", "'extra-suites' must name")]
    [InlineData("builds:\n  - name: a\n    debian: { suite: bookworm, packages: [qemu-system-x86/bookworm-backports] }", "neither 'suite' nor in 'extra-suites'")]
    [InlineData("builds:\n  - name: a\n    debian: { suite: sid }\n    default: false", "needs at least one default build")]
    [InlineData("builds:\n  - name: a\n    debian: { suite: sid }\n    default: maybe", "test.yaml:")]
    [InlineData("builds: [unclosed", "test.yaml:")]
    public void A_malformed_catalog_is_a_one_line_error_naming_the_problem(string yaml, string expected)
    {
        var error = Assert.Throws<BadInputException>(() => BuildCatalog.Parse(yaml, "test.yaml"));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void An_unknown_build_name_lists_the_known_ones()
    {
        var catalog = BuildCatalog.Load(Path.Combine(RealQemuFixture.RepositoryRoot, "builds.yaml"));

        var error = Assert.Throws<BadInputException>(() => catalog.Get("qemu-9.9"));

        Assert.Contains("qemu-5.2, qemu-7.2, qemu-10.0.2, qemu-10.0, qemu-11.1", error.Message);
    }

    [Fact]
    public void The_image_recipe_is_minimal_without_recommends_or_docs()
    {
        var args = ImageBuilder.MmdebstrapArguments(new BuildSource.Debian("sid", ["qemu-system-x86"], "http://deb.debian.org/debian"));

        Assert.Contains("--variant=minbase", args);
        Assert.Contains("--include=qemu-system-x86", args);
        Assert.Contains("--aptopt=APT::Install-Recommends \"false\"", args);
        Assert.Contains("--dpkgopt=path-exclude=/usr/share/doc/*", args);
        // A build without extra suites keeps exactly these arguments: they are its image's recipe hash.
        Assert.Equal(["sid", "-", "http://deb.debian.org/debian"], args.TakeLast(3));
    }
}

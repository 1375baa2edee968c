using MigrationHarness.Builds;
using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Guest;
using MigrationHarness.Model;
using MigrationHarness.Platform.Catalog;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Campaign;

namespace MigrationHarness.Tests.Platform;

/// <summary>The platform seam: an architecture on builds and configs, one guest platform per architecture, no plan across two.</summary>
public sealed class GuestPlatformTests
{
    [Fact]
    public void An_architecture_is_a_QEMU_target_name_that_names_its_binary()
    {
        Assert.Same(GuestArchitecture.X86_64, GuestArchitecture.Parse("x86_64"));
        Assert.Equal("qemu-system-aarch64", GuestArchitecture.Parse("aarch64").QemuSystemBinary);
        Assert.Equal(GuestArchitecture.Parse("aarch64"), GuestArchitecture.Parse("aarch64"));
        Assert.Contains("is not a QEMU target name", Assert.Throws<FormatException>(() => GuestArchitecture.Parse("x86-64!")).Message);
    }

    [Fact]
    public void The_x86_platform_boots_the_project_firmware_with_bios()
    {
        var x86 = GuestPlatforms.For(GuestArchitecture.X86_64);

        Assert.Equal(["-bios", "/mh/" + GuestImage.FileName], x86.FirmwareArguments("/mh"));
        Assert.Equal(GuestImage.FileName, x86.Firmware.Name);
        Assert.True(x86.IsVersioned("pc-q35-7.2"));
        Assert.False(x86.IsVersioned("q35"));
        Assert.Equal("q35", x86.Family("pc-q35-7.2"));
    }

    [Fact]
    public void An_x86_case_runs_the_common_checks_then_the_x86_guest_views_in_reading_order() =>
        Assert.Equal(["qmp-fingerprint", "guest-memory", "guest-progress", "guest-vcpu", "guest-platform"],
            GuestPlatforms.ChecksFor(GuestArchitecture.X86_64).Select(c => c.Name));

    [Fact]
    public void An_architecture_without_a_guest_is_refused_naming_those_there_are()
    {
        var error = Assert.Throws<BadInputException>(() => GuestPlatforms.For(GuestArchitecture.Parse("aarch64")));
        Assert.Equal("no guest platform for aarch64: this harness boots its guest on x86_64 only", error.Message);
    }

    [Fact]
    public void An_x86_config_writes_no_architecture_and_another_round_trips()
    {
        var x86 = VmConfig.Minimal("pc-q35-7.2", Accelerator.Tcg);
        Assert.DoesNotContain("architecture", ConfigJson.Serialize(x86));
        Assert.Equal(x86, ConfigJson.Deserialize(ConfigJson.Serialize(x86)));

        var arm = x86 with { Architecture = GuestArchitecture.Parse("aarch64") };
        var json = ConfigJson.Serialize(arm);
        Assert.Contains("\"architecture\": \"aarch64\"", json);
        Assert.Equal(arm, ConfigJson.Deserialize(json));
        Assert.NotEqual(x86, arm);
    }

    [Fact]
    public void A_catalog_build_names_its_architecture_or_is_x86()
    {
        var catalog = BuildCatalog.Parse("""
            builds:
              - name: pc
                image: mh-build:qemu-7.2
              - name: arm
                image: registry.example/qemu-arm:9
                arch: aarch64
            """, "test.yaml");

        Assert.Equal(GuestArchitecture.X86_64, catalog.Get("pc").Architecture);
        Assert.Equal("qemu-system-x86_64", catalog.Get("pc").QemuBinary);
        Assert.Equal("aarch64", catalog.Get("arm").Architecture.Name);
        Assert.Equal("qemu-system-aarch64", catalog.Get("arm").QemuBinary);

        var error = Assert.Throws<BadInputException>(() => BuildCatalog.Parse("""
            builds:
              - name: odd
                image: x
                arch: "x86-64"
            """, "test.yaml"));
        Assert.Equal("test.yaml: build #1 ('odd'): arch 'x86-64' is not a QEMU target name (x86_64, aarch64, …).", error.Message);
    }

    [Fact]
    public void A_plan_never_pairs_builds_of_two_architectures()
    {
        var builds = ShardFairnessTests.DefaultBuilds();
        builds[3] = builds[3] with { Build = builds[3].Build with { Architecture = GuestArchitecture.Parse("aarch64") } };

        var error = Assert.Throws<BadInputException>(() => new CampaignPlan(7, builds, _ => null!, Scenario.Defaults));

        Assert.StartsWith("the builds emulate x86_64 and aarch64: a campaign runs builds of one architecture", error.Message);
        Assert.Contains("qemu-11.1: aarch64", error.Message);
        Assert.Equal(6, new CampaignPlan(7, ShardFairnessTests.DefaultBuilds(), _ => null!, Scenario.Defaults).PairCount);
    }
}

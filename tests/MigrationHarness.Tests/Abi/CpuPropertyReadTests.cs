using MigrationHarness.Abi;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Configs;
using MigrationHarness.Qemu;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Abi;

/// <summary>Reading only the vCPU properties that can explain a drift, against real QEMU: the same values as listing them all.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class CpuPropertyReadTests(RealQemuFixture fixture)
{
    [Theory(Timeout = 60_000)]
    [InlineData("qemu-5.2", "pc-i440fx-5.2")]
    [InlineData("qemu-11.1", "pc-q35-11.1")]
    public async Task The_named_properties_read_as_they_do_when_every_property_is_listed(string buildName, string machine)
    {
        var build = fixture.Build(buildName);
        var container = await fixture.Pool.GetAsync(build.Build);
        var args = QemuCommandLine.Render(VmConfig.Minimal(machine, fixture.Host.Accelerator));
        await using var qemu = await QemuInstance.StartAsync(container, "source", args, await fixture.Pool.CreateSlotAsync("cpu-props", build.Build), new QemuStartOptions());

        var all = await AbiFingerprintReader.FirstCpuPropertiesAsync(qemu.Qmp, null, CancellationToken.None);
        var named = await AbiFingerprintReader.FirstCpuPropertiesAsync(qemu.Qmp, [.. CompatPropertyMap.Properties, "no-such-property"], CancellationToken.None);
        await qemu.QuitAsync(TimeSpan.FromSeconds(10));

        Assert.True(all.Count > 100, $"only {all.Count} properties listed");
        Assert.Equal(all.Where(p => CompatPropertyMap.Properties.Contains(p.Key)).ToArray(), named.ToArray());
        Assert.Contains("family", named.Keys);
        Assert.DoesNotContain("no-such-property", named.Keys);
    }
}

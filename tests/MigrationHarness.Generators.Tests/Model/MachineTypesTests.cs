using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Generators.Tests.Infrastructure;

namespace MigrationHarness.Generators.Tests.Model;

public sealed class MachineTypesTests
{
    [Fact]
    public void The_machine_types_of_several_builds_read_as_each_familys_range_then_the_aliases_then_the_rest()
    {
        var names = new[] { "qemu-5.2", "qemu-11.1" }.Select(CapabilityData.Get)
            .SelectMany(b => b.Machines).SelectMany(m => m.Alias is null ? [m.Name] : new[] { m.Name, m.Alias });

        var summary = MachineTypes.Summary(names);

        Assert.StartsWith("pc-q35-2.4 to pc-q35-11.1, pc-i440fx-1.4 to pc-i440fx-11.1, q35, pc, isapc, microvm, ", summary);
        Assert.Contains("pc-q35-4.0.1", summary);
        Assert.DoesNotContain("pc-q35-7.2", summary);
    }

    [Fact]
    public void A_family_with_one_versioned_type_is_named_alone() =>
        Assert.Equal("pc-q35-7.2, pc-i440fx-2.0 to pc-i440fx-7.2", MachineTypes.Summary(["pc-i440fx-7.2", "pc-q35-7.2", "pc-i440fx-2.0", "pc-i440fx-2.12"]));
}

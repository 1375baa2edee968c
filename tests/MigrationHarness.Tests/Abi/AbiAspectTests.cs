using MigrationHarness.Abi;
using MigrationHarness.Configs.Cpu;

namespace MigrationHarness.Tests.Abi;

/// <summary>Every spelling of an ABI aspect the fingerprint and the guest produce is parsed into its parts in one place.</summary>
public sealed class AbiAspectTests
{
    [Fact]
    public void A_cpuid_register_from_qemu_has_its_address_and_no_vcpu()
    {
        var aspect = AbiAspect.Parse("cpuid 7.0 EBX");
        Assert.Equal(AbiAspectKind.CpuidRegister, aspect.Kind);
        Assert.Equal(new CpuidAddress(7, 0, CpuidRegister.Ebx), aspect.Cpuid);
        Assert.False(aspect.FromGuest);
    }

    [Fact]
    public void A_cpuid_register_the_guest_read_keeps_the_vcpu_it_came_from()
    {
        var aspect = AbiAspect.Parse("guest apic 3 cpuid 1C.0 ECX");
        Assert.Equal(AbiAspectKind.CpuidRegister, aspect.Kind);
        Assert.Equal(3u, aspect.ApicId);
        Assert.Equal(new CpuidAddress(0x1C, 0, CpuidRegister.Ecx), aspect.Cpuid);
        Assert.Equal("guest apic 3 cpuid 1C.0 ECX", aspect.Text);
    }

    [Fact]
    public void A_leaf_present_on_one_side_has_its_leaf_and_no_register()
    {
        var aspect = AbiAspect.Parse("guest apic 0 cpuid-leaf 1F.2");
        Assert.Equal(AbiAspectKind.CpuidLeafPresence, aspect.Kind);
        Assert.Equal(new CpuidAddress(0x1F, 2, null), aspect.Cpuid);
        Assert.Equal(0u, aspect.ApicId);
    }

    [Theory]
    [InlineData("guest apic 2 msr 0x277 IA32_PAT", AbiAspectKind.GuestVcpuRegister, "msr 0x277 IA32_PAT", 2u)]
    [InlineData("guest vcpu apic 5", AbiAspectKind.GuestVcpuNumbering, "vcpu", 5u)]
    [InlineData("guest pci 00:1f.0 id", AbiAspectKind.GuestPlatform, "pci 00:1f.0 id", null)]
    [InlineData("cpu l3-cache", AbiAspectKind.CpuProperty, "l3-cache", null)]
    public void Prefixed_aspects_name_their_subject_without_the_prefix(string text, AbiAspectKind kind, string subject, uint? apic)
    {
        var aspect = AbiAspect.Parse(text);
        Assert.Equal(kind, aspect.Kind);
        Assert.Equal(subject, aspect.Subject);
        Assert.Equal(apic, aspect.ApicId);
    }

    [Theory]
    [InlineData("vcpu 003 topology", "vcpu topology")]
    [InlineData("guest vcpu apic 7", "guest vcpu numbering")]
    [InlineData("memory-device dimm1", "memory-device")]
    [InlineData("memdev mem0", "memdev")]
    [InlineData("numa node 1 cpus", "numa node")]
    [InlineData("machine type", "machine type")]
    [InlineData("acpi table DSDT", "acpi table DSDT")]
    public void The_identity_drops_the_index_that_only_says_which_one(string text, string identity) =>
        Assert.Equal(identity, AbiAspect.Parse(text).Identity);

    [Fact]
    public void Text_that_only_looks_like_cpuid_is_not_a_register() =>
        Assert.Equal(AbiAspectKind.Other, AbiAspect.Parse("cpuid x.y EQX").Kind);
}

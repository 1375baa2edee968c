namespace MigrationHarness.Guest;

/// <summary>
/// What a vCPU's CPU refused when the guest turned a feature on (a guarded MOV to CR0/CR4, XSETBV,
/// WRMSR to EFER, or turning on paging faulted), as the guest records it: per register, the bits it
/// asked for (<see cref="GuestRegisterKind.Refused"/> entries), and in its header one bit per
/// register for the boot processor.
/// </summary>
public static class RefusedEnables
{
    /// <summary>The register a refused-enables entry of <paramref name="index"/> is about.</summary>
    public static string Register(uint index) => index switch
    {
        0 => "CR0",
        4 => "CR4",
        0x10 => "XCR0",
        0xC0000080 => "EFER",
        1 => "paging",
        _ => $"register 0x{index:X}",
    };

    /// <summary>"CR4.SMAP, CR4.UMIP" for the bits of <paramref name="register"/> in <paramref name="bits"/>.</summary>
    public static string Describe(uint index, ulong bits)
    {
        var register = Register(index);
        if (index == 1) return "paging (CR4.PAE or CR0.PG)";
        var names = Enumerable.Range(0, 64).Where(b => (bits >> b & 1) != 0).Select(b => $"{register}.{BitName(index, b) ?? $"bit{b}"}");
        return string.Join(", ", names);
    }

    /// <summary>The header's summary (bit 0 CR0, 1 CR4, 2 XCR0, 3 EFER, 4 paging) as register names.</summary>
    public static IReadOnlyList<string> Summary(uint header) =>
        new[] { "CR0", "CR4", "XCR0", "EFER", "paging" }.Where((_, bit) => (header >> bit & 1) != 0).ToArray();

    private static string? BitName(uint index, int bit) => (index, bit) switch
    {
        (0, 1) => "MP", (0, 5) => "NE",
        (4, 9) => "OSFXSR", (4, 10) => "OSXMMEXCPT", (4, 11) => "UMIP", (4, 18) => "OSXSAVE", (4, 20) => "SMEP", (4, 21) => "SMAP",
        (0x10, 0) => "x87", (0x10, 1) => "SSE", (0x10, 2) => "AVX",
        (0xC0000080, 0) => "SCE", (0xC0000080, 11) => "NXE",
        _ => null,
    };
}

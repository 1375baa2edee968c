namespace MigrationHarness.Configs.Coverage;

/// <summary>The vendor a named x86 CPU model presents, and its model family (the name before any variant or version suffix).</summary>
public static class CpuVendors
{
    private static readonly string[] Amd = ["EPYC", "Opteron", "phenom", "athlon", "Dhyana", "YongFeng"];
    private static readonly string[] Generic = ["qemu64", "qemu32", "kvm64", "kvm32", "base", "max", "host"];

    public static string Vendor(string model) =>
        Generic.Contains(model.Split('-')[0], StringComparer.Ordinal) ? "generic"
        : Amd.Any(a => model.StartsWith(a, StringComparison.OrdinalIgnoreCase)) ? (model.StartsWith("Dhyana", StringComparison.Ordinal) ? "hygon"
            : model.StartsWith("YongFeng", StringComparison.Ordinal) ? "zhaoxin" : "amd")
        : "intel";

    public static string Family(string model) => model.Split('-')[0];
}

using MigrationHarness.Qemu;

namespace MigrationHarness.Guest;

/// <summary>The guest firmware (assembled from guest.asm at build time), given to QEMU as <c>-bios</c>.</summary>
public static class GuestImage
{
    public const string FileName = "mh-guest.bin";

    public static byte[] Bytes { get; } = Load();

    /// <summary>The firmware as the file a run's container pool puts into its workspace.</summary>
    public static WorkspaceFile File { get; } = new(FileName, Bytes);

    private static byte[] Load()
    {
        using var stream = typeof(GuestImage).Assembly.GetManifestResourceStream("guest.bin")
            ?? throw new InvalidOperationException("the guest image is not embedded; was nasm installed when this was built? (scripts/setup.sh installs it)");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

using System.IO.Compression;

namespace MigrationHarness.Records;

/// <summary>
/// A reproducer's kept migration stream: gzip-compressed as <c>migration-stream.bin.gz</c> (a
/// stream is mostly untouched guest RAM, which compresses to a small fraction). Readers also
/// take an uncompressed <c>migration-stream.bin</c>, as older reproducers hold.
/// </summary>
public static class MigrationStreamFile
{
    public const string Name = "migration-stream.bin";
    public const string CompressedName = Name + ".gz";

    /// <summary>The stream file in <paramref name="folder"/>, compressed or not; null when none was kept.</summary>
    public static string? Find(string folder) =>
        new[] { Path.Combine(folder, CompressedName), Path.Combine(folder, Name) }.FirstOrDefault(File.Exists);

    /// <summary>The stream's bytes, decompressed when the file is gzip.</summary>
    public static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) return await File.ReadAllBytesAsync(path, cancellationToken);
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        await gzip.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Replaces the uncompressed <paramref name="path"/> by its gzip; returns the compressed size.</summary>
    public static async Task<long> CompressAsync(string path, CancellationToken cancellationToken = default)
    {
        var target = path + ".gz";
        await using (var input = File.OpenRead(path))
        await using (var output = File.Create(target))
        await using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            await input.CopyToAsync(gzip, cancellationToken);
        File.Delete(path);
        return new FileInfo(target).Length;
    }
}

using System.Formats.Tar;
using Docker.DotNet.Models;

namespace MigrationHarness.Containers;

public sealed partial class DockerEngine
{
    /// <summary>
    /// Reads one regular file out of a container through the engine's archive endpoint: the harness
    /// shares no filesystem with the engine, so guest memory dumps, saved streams and vmstate dumps
    /// come back this way wherever the engine runs.
    /// </summary>
    public async Task<byte[]> ReadFileAsync(string containerId, string path, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync($"read {path} from container {Short(containerId)}",
            () => _client.Containers.GetArchiveFromContainerAsync(containerId, new ContainerPathStatParameters { Path = path }, statOnly: false, cancellationToken));
        await using var stream = response.Stream ?? throw new DockerEngineException($"the Docker engine sent no archive of {path} from container {Short(containerId)}");
        try
        {
            // The whole archive first: the library's response stream ends early for a TarReader that reads it piecemeal.
            using var archive = new MemoryStream();
            await stream.CopyToAsync(archive, cancellationToken);
            archive.Position = 0;
            await using var tar = new TarReader(archive);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                using var copy = new MemoryStream(checked((int)entry.Length));
                await entry.DataStream.CopyToAsync(copy, cancellationToken);
                return copy.ToArray();
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new DockerEngineException($"the Docker engine sent a broken archive of {path} from container {Short(containerId)}: {ex.Message}", inner: ex);
        }
        throw new DockerEngineException($"the Docker engine's archive of {path} from container {Short(containerId)} holds no regular file");
    }

    /// <summary>Writes one file (mode 0644) into a directory of a container through the engine's archive endpoint.</summary>
    public async Task WriteFileAsync(string containerId, string directory, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        using var archive = new MemoryStream();
        await using (var tar = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(content.ToArray()),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            await tar.WriteEntryAsync(entry, cancellationToken);
        }
        archive.Position = 0;
        await CallAsync($"write {directory}/{name} into container {Short(containerId)}",
            () => _client.Containers.ExtractArchiveToContainerAsync(containerId, new CopyToContainerParameters { Path = directory }, archive, cancellationToken));
    }
}

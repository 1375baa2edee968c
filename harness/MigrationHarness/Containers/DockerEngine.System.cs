namespace MigrationHarness.Containers;

public sealed partial class DockerEngine
{
    /// <summary>What the engine says of its host: name, kernel, cores and memory.</summary>
    public async Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        var info = await CallAsync("system info", () => _client.System.GetSystemInfoAsync(cancellationToken));
        return new EngineInfo(info.Name ?? "", info.KernelVersion ?? "", (int)info.NCPU, info.MemTotal / (1024 * 1024), info.OperatingSystem ?? "");
    }
}

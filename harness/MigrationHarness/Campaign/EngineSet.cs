using MigrationHarness.Platform.Catalog;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Host;
using MigrationHarness.Builds;
using MigrationHarness.Containers;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Runner;

namespace MigrationHarness.Campaign;

/// <summary>
/// The engines of one run, the first being the one builds were resolved on. Every other engine is
/// connected, swept of this machine's orphans, given the run's images (shipped from the first
/// through the engine API when its copy is missing or has another id) and probed for its host;
/// each gets its own container pool on the run's workspace. Disposing removes every pool's
/// containers and volume, and closes the connections this set opened.
/// </summary>
public sealed class EngineSet : IAsyncDisposable
{
    private readonly List<DockerEngine> _opened = [];

    public IReadOnlyList<Member> Members { get; private set; } = [];

    /// <summary>One engine of the run: the name it is recorded under, its pool and host facts, and how many cases it takes at once.</summary>
    public sealed record Member(string Name, DockerEngine Docker, ContainerPool Pool, HostFacts Host, int Slots)
    {
        public EngineRecord Record => new(Name, Host, Slots);
        public CampaignEngine ForCampaign => new(Name, new CaseRunner(Pool, CpuPropertyRelevance.Default), Host, Slots);
    }

    public Member Primary => Members[0];

    /// <param name="primary">The engine builds were resolved on, with its host facts.</param>
    /// <param name="primarySlots">Its capacity when given (<c>slots=</c>), else <paramref name="parallel"/>.</param>
    /// <param name="others">Further engines; each takes <c>slots=</c> cases at once, else as many as its host has cores.</param>
    public static async Task<EngineSet> OpenAsync(DockerEngine primary, HostFacts primaryHost, int? primarySlots, IReadOnlyList<EngineAddress> others,
        RunWorkspace workspace, IReadOnlyList<ReadyBuild> builds, int parallel, CancellationToken cancellationToken)
    {
        var set = new EngineSet();
        var firmware = GuestPlatforms.For(builds[0].Build.Architecture).Firmware;
        var members = new List<Member> { new(primary.Endpoint.ToString(), primary, new ContainerPool(primary, workspace, primaryHost, firmware), primaryHost, primarySlots ?? parallel) };
        try
        {
            foreach (var address in others)
            {
                var name = address.Endpoint.ToString();
                if (members.Any(m => m.Name == name)) throw new BadInputException($"--engine {name} is named twice");
                var docker = await DockerEngine.ConnectAsync(address.Endpoint, cancellationToken);
                set._opened.Add(docker);
                await ContainerJanitor.SweepOrphansAsync(docker, cancellationToken);
                var missing = new List<string>();
                foreach (var build in builds)
                    if ((await docker.InspectImageAsync(build.Build.Image, cancellationToken))?.Id != build.Resolved.ImageId) missing.Add(build.Build.Image);
                if (missing.Count > 0) await primary.ShipImagesAsync(missing, docker, cancellationToken);
                var host = await HostProbe.ReadAsync(docker, builds[0].Build.Image, cancellationToken);
                // A case is generated once for every engine: each must offer the guest the same CPU view and accelerator.
                if (CapabilityProbe.HostKey(host) != CapabilityProbe.HostKey(primaryHost))
                    throw new BadInputException($"engine {name} offers {CapabilityProbe.HostKey(host)} ({host.CpuModel}), engine {members[0].Name} offers " +
                                                $"{CapabilityProbe.HostKey(primaryHost)} ({primaryHost.CpuModel}): one campaign needs engines with the same accelerator and host CPU; run them as separate shards");
                members.Add(new Member(name, docker, new ContainerPool(docker, workspace, host, firmware), host, address.Slots ?? Math.Max(1, host.Cores)));
            }
        }
        catch
        {
            set.Members = members;
            await set.DisposeAsync();
            throw;
        }
        set.Members = members;
        return set;
    }

    /// <summary>The host facts the plan is made for: the first engine's, with the least memory of any engine (every case must fit on each).</summary>
    public HostFacts PlanningHost => Primary.Host with { MemoryMiB = Members.Min(m => m.Host.MemoryMiB) };

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Members.Select(m => m.Pool.DisposeAsync().AsTask()));
        foreach (var docker in _opened) docker.Dispose();
    }
}

using System.Text.Json;
using MigrationHarness.Builds;
using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Coverage;
using MigrationHarness.Records;
using MigrationHarness.Results;

namespace MigrationHarness.App.Runs;

public sealed partial class CampaignRun
{
    /// <summary>
    /// Settles the accelerators (a resumed or replayed run keeps the ones it recorded), probes each build's
    /// capabilities under each, plans the campaign, and writes the manifest before the first case.
    /// </summary>
    private async Task<PlannedRun> PlanAsync(HarnessSession session, IReadOnlyList<ReadyBuild> ready, EngineSet engines, string runId, string runDirectory,
        CancellationToken cancellationToken)
    {
        var request = settings.Request;
        var planSource = settings.PlanSource;
        var host = engines.PlanningHost;
        var accelChoice = settings.Accelerator;
        if (planSource is not null && accelChoice is not null && AcceleratorChoice.Name(accelChoice.Resolve(host)) != planSource.Accelerator)
            throw new BadInputException($"--accel {accelChoice.Spelling}: the recorded run ran under {planSource.Accelerator}");
        var accelerators = planSource is not null ? AcceleratorChoice.FromName(planSource.Accelerator) : (accelChoice ?? AcceleratorChoice.Auto).Resolve(host);
        if (accelerators.Contains(Accelerator.Kvm) && !host.KvmUsable)
            throw new BadInputException($"the recorded run ran under {planSource!.Accelerator}, and KVM is not usable on this engine's host ({host.AcceleratorReason})");
        // One line: what the cases run under, and why (the canary's evidence where auto chose).
        output.WriteLine($"accelerator: {AcceleratorChoice.Name(accelerators)} (" + (planSource is not null ? $"as the recorded run ran; host: {host.AcceleratorReason}"
            : accelChoice is null || accelChoice.Spelling == "auto" ? host.AcceleratorReason ?? "probed" : $"--accel {accelChoice.Spelling}; host: {host.AcceleratorReason}") + ")");

        // Capabilities by build, and by build@accelerator when the run has several: each accelerator has its own space.
        string Key(string build, Accelerator a) => accelerators.Count > 1 ? $"{build}@{AcceleratorChoice.Name(a)}" : build;
        var capabilities = new Dictionary<string, BuildCapabilities>(StringComparer.Ordinal);
        var probe = new CapabilityProbe(engines.Primary.Pool, session.CapabilitiesCache);
        foreach (var a in accelerators)
            foreach (var r in ready) capabilities[Key(r.Name, a)] = await probe.GetAsync(r, cancellationToken, a);
        var evidence = capabilities.Values.ToArray();
        var limits = GenerationLimits.ForHost(host.MemoryMiB);
        var seed = planSource?.Seed ?? request.Seed ?? (ulong)Random.Shared.NextInt64(1, 1_000_000_000);
        var (plan, skipped) = new CampaignPlan(seed, ready,
            (builds, a) => new ConfigSpace(builds.Select(x => capabilities[Key(x.Name, a ?? accelerators[0])]).ToArray(), limits,
                evidence.Where(e => e.Accelerator == (a ?? accelerators[0])).ToArray()),
            accelerators, settings.Scenarios, settings.MachineFilter, settings.Shard, settings.Pairs, steer: settings.Steer).WithCorpus(settings.CorpusEntries);
        var fingerprint = CampaignFingerprint.Of(ready, capabilities, evidence, limits, host, settings.Scenarios, plan, settings.MachinePattern);
        if (planSource?.Fingerprint is { } recordedFingerprint && fingerprint.Differences(recordedFingerprint) is { Count: > 0 } drift)
        {
            // Resuming under another fingerprint would mix two campaigns in one log; a replay of recorded configs only needs saying so.
            if (settings.Previous is not null) throw new BadInputException($"--resume: this host or checkout would plan different cases than the recorded run ({string.Join("; ", drift)})");
            output.WriteLine($"replay: differs from the recorded run: {string.Join("; ", drift)}");
        }
        Directory.CreateDirectory(runDirectory);

        var slots = engines.Members.Sum(m => m.Slots);
        var manifest = settings.Previous ?? new RunManifest(
            RunId: runId, Seed: seed, Command: request.CommandLine, Started: DateTimeOffset.UtcNow,
            Builds: ready.Select(r => r.Resolved).ToArray(), Host: host, Accelerator: AcceleratorChoice.Name(accelerators),
            HarnessVersion: fingerprint.HarnessVersion, Scenarios: settings.Scenarios.Select(x => x.Name).ToArray(),
            Shard: settings.Shard == (1, 1) ? null : $"{settings.Shard.K}/{settings.Shard.N}", Cases: settings.Cases, BudgetSeconds: settings.Budget?.TotalSeconds,
            Parallel: slots)
        { Corpus = settings.CorpusFolders, Fingerprint = fingerprint, Known = settings.KnownPath };
        // A resumed run may go on other engines: the manifest lists every engine any of its cases ran on.
        manifest = manifest with { Engines = [.. manifest.Engines.Where(e => engines.Members.All(m => m.Name != e.Name)), .. engines.Members.Select(m => m.Record)] };
        if (settings.Previous is not null && settings.KnownPath != settings.Previous.Known) manifest = manifest with { Known = settings.KnownPath };
        await File.WriteAllTextAsync(Path.Combine(runDirectory, "manifest.json"), JsonSerializer.Serialize(manifest, ResultsJson.Document), cancellationToken);

        output.WriteLine($"run {runId}: seed {seed}, {ready.Count} builds ({string.Join(", ", ready.Select(r => $"{r.Name}={r.Resolved.QemuVersion}"))}), " +
                         $"{plan.PairCount / accelerators.Count} pairs, {settings.Scenarios.Count} scenarios, {slots} at once, {AcceleratorChoice.Name(accelerators)}");
        if (engines.Members.Count > 1)
            foreach (var member in engines.Members)
                output.WriteLine($"engine {member.Name}: {member.Slots} at once, {member.Host.Cores} cores, {member.Host.MemoryMiB} MiB, {member.Host.CpuModel}");
        output.WriteLine($"results: {Display(runDirectory)}");
        if (settings.KnownPath is not null) output.WriteLine($"known findings: {settings.Baseline.Count} entries from {settings.KnownPath}");
        return new PlannedRun(runDirectory, manifest, plan, seed) { Capabilities = capabilities, Limits = limits, SkippedCorpus = skipped };
    }
}

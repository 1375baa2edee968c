using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Oracles;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Tiers;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Campaign;

/// <summary>
/// A campaign in which real QEMU fails in a different way in each case: it must finish, with every
/// case judged by its own verdict (nothing QEMU does ends a campaign), and fail its expectations.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class FaultCampaignTests(RealQemuFixture fixture) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mh-faults-").FullName;

    private static readonly (string What, Verdict Expected, Func<CaseSpec, CaseSpec> Plant)[] Faults =
    [
        ("destination killed mid-migration", Verdict.Crash, s => s with
        {
            Faults = new CaseFaults { MaxBandwidth = 1024 * 1024, DuringMigration = (_, destination) => destination.SignalAsync("KILL") },
        }),
        ("destination frozen mid-migration", Verdict.Hang, s => s with
        {
            Faults = new CaseFaults { MaxBandwidth = 1024 * 1024, DuringMigration = (_, destination) => destination.SignalAsync("STOP") },
            Limits = CaseLimits.Default with { Migration = TimeSpan.FromSeconds(5) },
        }),
        ("destination of another machine type", Verdict.CleanReject, s => s with
        {
            Faults = new CaseFaults { DestinationConfig = c => c with { MachineType = "pc-i440fx-10.0" } },
        }),
        ("RAM QEMU never sends", Verdict.DataLoss, s => s with
        {
            Faults = new CaseFaults { RamOnFile = true, Capabilities = ["x-ignore-shared"] },
        }),
        ("a CPUID change only the guest sees", Verdict.AbiDrift, s => s with
        {
            Faults = new CaseFaults { DestinationConfig = c => c with { Cpu = c.Cpu with { Features = [new CpuFeature("l3-cache", FeaturePolicy.Disable)] } } },
        }),
        ("source killed mid-migration", Verdict.Crash, s => s with
        {
            Faults = new CaseFaults { MaxBandwidth = 1024 * 1024, DuringMigration = (source, _) => source.SignalAsync("KILL") },
        }),
    ];

    [Fact(Timeout = 400_000)]
    public async Task A_campaign_where_qemu_fails_each_way_finishes_with_every_case_judged()
    {
        var builds = new[] { fixture.Build("qemu-10.0"), fixture.Build("qemu-11.1") };
        var space = await fixture.SpaceAsync("qemu-10.0", "qemu-11.1");
        var plan = new CampaignPlan(5, builds, _ => space, [new Forward(GuestMode.Running)]);
        var config = VmConfig.Minimal("pc-q35-10.0", fixture.Host.Accelerator) with { Smp = fixture.CleanRunningSmp(new SmpTopology(2, 2, 2, 1, 1, 1)) };
        var options = new CampaignOptions(5, Faults.Length, null, 2, 1)
        {
            Plant = (planned, spec) => Faults[planned.Index].Plant(spec with { Config = config }),
        };
        var path = Path.Combine(_directory, "cases.jsonl");

        CampaignResult result;
        using (var log = new CaseLog(path)) result = await new CampaignRunner(new CaseRunner(fixture.Pool), plan, options, log).RunAsync();

        Assert.Empty(result.InfrastructureFailures);
        var records = CaseLog.Read(path).OrderBy(r => r.Index).ToArray();
        Assert.Equal(Faults.Select(f => f.What + ": " + f.Expected.Name()), records.Select(r => Faults[r.Index].What + ": " + r.Verdict.Name()));
        Assert.All(records, r => Assert.False(r.Flaky, $"{r.Id} was flaky: {string.Join(", ", r.Confirmations)}"));
        var tiers = TierClassifier.Classify(records, (a, b) => a == "qemu-10.0" && b == "qemu-11.1");
        Assert.Contains(tiers, t => !t.Met);
        Assert.Empty(await fixture.RunningQemuAsync());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

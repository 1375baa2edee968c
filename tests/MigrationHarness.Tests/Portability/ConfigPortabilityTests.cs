using MigrationHarness.Configs.Generation;
using MigrationHarness.Portability;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Portability;

/// <summary>
/// Generated configs started on real QEMU, on both builds of every pair. Starting is symmetric, so
/// each config checked on {A, B} serves both ordered pairs A→B and B→A: 30 configs per unordered
/// pair give every one of the 12 ordered pairs 30 configs. Asymmetric refusals are findings and
/// are reported, never filtered; only the not-applicable rate is bounded.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class ConfigPortabilityTests(RealQemuFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string, string> UnorderedPairs() => new()
    {
        { "qemu-5.2", "qemu-7.2" }, { "qemu-5.2", "qemu-10.0" }, { "qemu-5.2", "qemu-11.1" },
        { "qemu-7.2", "qemu-10.0" }, { "qemu-7.2", "qemu-11.1" }, { "qemu-10.0", "qemu-11.1" },
    };

    [Theory(Timeout = 300_000)]
    [MemberData(nameof(UnorderedPairs))]
    public async Task Generated_configs_start_on_both_builds_or_the_difference_is_reported(string first, string second)
    {
        // Arrange
        const int Count = 30;
        var space = await fixture.SpaceAsync(first, second);
        var seed = VmConfigGen.StableSeed(first + " " + second) % 100_000;
        var checker = new ConfigStartCheck(fixture.Pool);

        // Act
        var results = new List<PortabilityResult>();
        for (var i = 0; i < Count; i++)
            results.Add(await checker.CompareAsync(fixture.Build(first), fixture.Build(second), VmConfigGen.Sample(space, seed, i, i % 101)));

        // Assert: the rates, every non-portable case with QEMU's own message.
        var counts = results.GroupBy(r => r.Class).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{first} ↔ {second}, seed {seed}: " + string.Join(", ", Enum.GetValues<PortabilityClass>().Select(c => $"{c} {counts.GetValueOrDefault(c)}")));
        foreach (var result in results.Where(r => r.Class != PortabilityClass.Portable))
            output.WriteLine($"  {result.Class}: {result.Describe()}");
        Assert.Equal(Count, results.Count);
        Assert.All(results.Where(r => !r.First.Started || !r.Second.Started), r =>
            Assert.False(string.IsNullOrWhiteSpace(r.First.Error ?? r.Second.Error), "a refusal carries QEMU's message"));
        Assert.True(counts.GetValueOrDefault(PortabilityClass.NotApplicable) < Count / 10,
            $"not-applicable rate {counts.GetValueOrDefault(PortabilityClass.NotApplicable)}% is 10% or more");
        Assert.True(counts.GetValueOrDefault(PortabilityClass.Portable) > Count / 2, "most generated configs start on both builds");
    }
}

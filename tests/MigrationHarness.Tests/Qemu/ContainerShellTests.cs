using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Qemu;

/// <summary>The digests each build container's shell computes of memory dumps, with the oldest and the newest coreutils.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class ContainerShellTests(RealQemuFixture fixture)
{
    [Theory(Timeout = 30_000)]
    [InlineData("qemu-5.2")]
    [InlineData("qemu-11.1")]
    public async Task Each_dump_gets_its_blake2b_256_in_order_and_a_missing_one_none_whatever_the_path(string build)
    {
        var container = await fixture.Pool.GetAsync(fixture.Build(build).Build);
        // A directory with a space in its name: the digests are the first word of each line, not every other word.
        var slot = await fixture.Pool.CreateSlotAsync("shell digests", fixture.Build(build).Build);
        var writer = await container.Launcher.StartAsync(["sh", "-c", "printf abc > \"$1/d 0.bin\"; : > \"$1/d 1.bin\"; printf abc > \"$1/d 2.bin\"", "sh", slot]);
        Assert.Equal(0, (await writer!.WaitForExitAsync()).ExitCode);

        var digests = await container.Shell.DigestsAsync($"{slot}/d ", 3);
        var withMissing = await container.Shell.DigestsAsync($"{slot}/d ", 4);

        // BLAKE2b with a 32-byte digest of "abc" and of nothing (Python's hashlib.blake2b(..., digest_size=32)).
        const string Abc = "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319";
        Assert.Equal([Abc, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8", Abc], digests);
        Assert.Equal(digests, withMissing);
        await fixture.Pool.DeleteSlotAsync(slot);
    }
}

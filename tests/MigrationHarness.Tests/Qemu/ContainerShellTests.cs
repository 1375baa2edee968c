using MigrationHarness.Qemu;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Qemu;

/// <summary>What each build container's shell reads: digests of memory dumps and a small file's words, with the oldest and the newest images.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class ContainerShellTests(RealQemuFixture fixture)
{
    [Theory(Timeout = 30_000)]
    [InlineData("qemu-5.2")]
    [InlineData("qemu-11.1")]
    public async Task Each_dump_gets_its_blake2b_256_in_order_and_a_missing_one_none_whatever_the_path(string build)
    {
        // A directory with a space in its name: the digests are the first word of each line, not every other word.
        var (container, slot) = await SlotWrittenByAsync(build, "shell digests", "printf abc > \"$1/d 0.bin\"; : > \"$1/d 1.bin\"; printf abc > \"$1/d 2.bin\"");

        var digests = await container.Shell.DigestsAsync($"{slot}/d ", 3);
        var withMissing = await container.Shell.DigestsAsync($"{slot}/d ", 4);

        // BLAKE2b with a 32-byte digest of "abc" and of nothing (Python's hashlib.blake2b(..., digest_size=32)).
        const string Abc = "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319";
        Assert.Equal([Abc, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8", Abc], digests);
        Assert.Equal(digests, withMissing);
        await fixture.Pool.DeleteSlotAsync(slot);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("qemu-5.2")]
    [InlineData("qemu-11.1")]
    public async Task A_files_words_come_back_joined_by_spaces_with_a_last_line_without_newline_and_a_missing_file_none(string build)
    {
        // Shaped like cgroup v2's memory.events, but its last line has no newline; backslashes and globs stay as written.
        var (container, slot) = await SlotWrittenByAsync(build, "shell words", "printf 'low 0\\nhigh 0\\noom_kill 3\\n\\\\x *' > \"$1/events\"");

        var words = await container.Shell.ReadWordsAsync($"{slot}/events");
        var missing = await container.Shell.ReadWordsAsync($"{slot}/none");

        Assert.Equal(["low", "0", "high", "0", "oom_kill", "3", "\\x", "*"], words);
        Assert.Empty(missing);
        await fixture.Pool.DeleteSlotAsync(slot);
    }

    /// <summary>A fresh slot in <paramref name="build"/>'s container, with files a shell <paramref name="script"/> wrote there ($1 is the slot).</summary>
    private async Task<(BuildContainer Container, string Slot)> SlotWrittenByAsync(string build, string prefix, string script)
    {
        var container = await fixture.Pool.GetAsync(fixture.Build(build).Build);
        var slot = await fixture.Pool.CreateSlotAsync(prefix, fixture.Build(build).Build);
        var writer = await container.Launcher.StartAsync(["sh", "-c", script, "sh", slot]);
        Assert.Equal(0, (await writer!.WaitForExitAsync()).ExitCode);
        return (container, slot);
    }
}

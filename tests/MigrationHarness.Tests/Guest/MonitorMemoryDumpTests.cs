using MigrationHarness.Guest;

namespace MigrationHarness.Tests.Guest;

/// <summary>Guest memory read through the monitor's <c>xp</c>, as 5.2 and 11.1 print it.</summary>
public sealed class MonitorMemoryDumpTests
{
    [Fact]
    public void The_command_asks_for_words_at_the_address()
    {
        Assert.Equal("xp /16wx 0x8000", MonitorMemoryDump.Command(0x8000, 64));
    }

    [Theory]
    [InlineData("00000000fffffff0: 0x00e05bea 0x2f3630f0 0x392f3332 0x00fc0039\r\n0000000100000000: 0x00000001 0xffffffff\r\n")]   // 5.2
    [InlineData("fffffff0: 0x00e05bea 0x2f3630f0 0x392f3332 0x00fc0039\r\n100000000: 0x00000001 0xffffffff\r\n")]                   // 11.1
    public void Words_become_little_endian_bytes_whatever_the_address_width(string text)
    {
        var bytes = MonitorMemoryDump.Parse(text, 24);

        Assert.Equal([0xea, 0x5b, 0xe0, 0x00, 0xf0, 0x30, 0x36, 0x2f], bytes![..8]);
        Assert.Equal([0x01, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff], bytes[16..]);
    }

    [Theory]
    [InlineData("fffffff0: 0x00e05bea 0x2f3630f0\r\n100000000: Cannot access memory\r\n", 16)]
    [InlineData("fffffff0: 0x00e05bea 0x2f3630f0\r\n", 12)]
    [InlineData("fffffff0: 0x00e05bea 0x2f3630f0 0x392f3332\r\n", 8)]
    [InlineData("fffffff0: 0xea 0x5b 0xe0 0x00\r\n", 4)]
    [InlineData("unknown command: 'xp'\r\n", 4)]
    public void Text_that_is_not_exactly_the_words_asked_for_is_refused(string text, int size)
    {
        Assert.Null(MonitorMemoryDump.Parse(text, size));
    }
}

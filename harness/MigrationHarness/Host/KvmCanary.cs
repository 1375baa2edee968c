using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MigrationHarness.Containers;
using MigrationHarness.Guest;

namespace MigrationHarness.Host;

/// <summary>
/// Boots the project's guest once, for a few seconds, in a running container with a writable root, and reads
/// its header through QEMU's monitor: the evidence <see cref="AcceleratorDecision"/> decides KVM by.
/// The accelerator and CPU model are parameters, so the same path runs under TCG where there is no KVM.
/// </summary>
public static partial class KvmCanary
{
    /// <summary>How long the guest gets to come up: it runs its loop within a fraction of this under KVM.</summary>
    public static readonly TimeSpan BootTime = TimeSpan.FromSeconds(3);

    public static async Task<CanaryOutcome> RunAsync(DockerEngine docker, string containerId, string accelerator = "kvm", string cpu = "qemu64",
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        // /var/tmp, on the container's writable root: /tmp is a tmpfs the engine's archive call cannot write into.
        await docker.WriteFileAsync(containerId, "/var/tmp", GuestImage.FileName, GuestImage.Bytes, cancellationToken);
        // The monitor reads its commands once the guest had its time: the header (16 words at 0x8000), then the boot processor.
        const string script =
            """
            (sleep "$3"; echo 'xp /16wx 0x8000'; echo 'info registers'; echo quit) |
              timeout 30 qemu-system-x86_64 -nodefaults -no-user-config -display none -machine pc -accel "$1" -cpu "$2" -smp 1 -m 128 \
                -bios "/var/tmp/$4" -monitor stdio 2>&1
            """;
        var (exit, output, stderr) = await docker.ExecAsync(containerId,
            ["sh", "-c", script, "mh-canary", accelerator, cpu, BootTime.TotalSeconds.ToString(CultureInfo.InvariantCulture), GuestImage.FileName], cancellationToken);
        return Judge(output + stderr, clock.Elapsed);
    }

    /// <summary>The outcome the monitor's transcript shows (pure: the unit tests drive it with recorded transcripts).</summary>
    public static CanaryOutcome Judge(string transcript, TimeSpan took)
    {
        // Each line gives its address: the words go where they were read, whatever lines the transcript holds.
        var bytes = new byte[GuestLayout.HeaderSize];
        var lines = HeaderWords().Matches(transcript);
        foreach (Match line in lines)
        {
            var offset = long.Parse(line.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) - GuestLayout.Header;
            foreach (var word in line.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (offset >= 0 && offset + 4 <= bytes.Length)
                    BitConverter.GetBytes(uint.Parse(word.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).CopyTo(bytes, offset);
                offset += 4;
            }
        }
        if (lines.Count == 0)
        {
            // QEMU did not get as far as the monitor: its own error line says why (KVM refusing the VM, for one).
            var error = transcript.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("qemu-system", StringComparison.Ordinal))
                        ?? transcript.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "no output";
            return new CanaryOutcome(false, $"QEMU did not run it: {error}", took);
        }
        var header = GuestHeader.Parse(bytes);
        if (header.IsRunning) return new CanaryOutcome(true, "the guest runs its loop", took);
        var eip = Eip().Match(transcript);
        var where = eip.Success ? $"boot processor at EIP 0x{uint.Parse(eip.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture):x}" : "boot processor not read";
        return new CanaryOutcome(false, header.FaultText is { } fault ? $"stopped by {fault}" : $"not up after {BootTime.TotalSeconds:0} s, {where}", took);
    }

    [GeneratedRegex(@"^([0-9a-f]{16}): ((?:0x[0-9a-f]{8} ?)+)", RegexOptions.Multiline)]
    private static partial Regex HeaderWords();

    [GeneratedRegex(@"[ER]IP=([0-9a-f]+)")]
    private static partial Regex Eip();
}

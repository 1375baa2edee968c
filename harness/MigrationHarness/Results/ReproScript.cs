using System.Text;
using MigrationHarness.Builds;
using MigrationHarness.Campaign;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Results;

/// <summary>
/// <c>repro.sh</c>: replays a failing hop with nothing but docker and the pinned image ids, then
/// judges it the way the harness does where a shell can — a signal or abort is a crash, a failed
/// migration is a clean reject, a migration that never ends is a hang, and a QMP answer about the
/// drifted aspects (feature on/off, CPU and machine properties) that differs between the two sides
/// is ABI drift. It prints <c>verdict: …</c> and exits 0 when that is the recorded verdict, 1 when not,
/// and 2 when the recorded drift was only in the running guest's own CPUID, which a shell cannot read.
/// Every value from the case is single-quoted.
/// </summary>
public static class ReproScript
{
    public static string Render(CaseRecord record, HopObservation hop, IReadOnlyList<string> sourceArgv, IReadOnlyList<string> destinationArgv,
        IReadOnlyList<ReadyBuild> builds)
    {
        string Image(string name) => builds.FirstOrDefault(b => b.Name == name)?.Resolved.ImageId ?? name;
        var probes = ReproProbe.For(hop, out var unprobed);
        // Drift only the running guest's CPUID dump showed has no QMP question: the script says so and exits 2, not "not reproduced".
        var guestOnly = hop.AbiDifferences.Count > 0 && record.Verdict == Verdict.AbiDrift && probes.Count == 1;
        // Lost guest memory needs the guest's own pages read on both stopped sides: a shell replay without the guest cannot see it either.
        var memory = record.Verdict == Verdict.DataLoss;
        var lastLine = guestOnly ? "[ \"$verdict\" = abi-drift ] || exit 2"
            : memory ? "exit 2"
            : "[ \"$verdict\" = " + ShellQuote.Quote(record.Verdict.Name()) + " ]";
        var recorded = guestOnly ? "abi-drift (guest CPUID only: replay it with the guest running through mh repro THIS-FOLDER)"
            : memory ? "data-loss (guest memory: replay it with the guest through mh repro THIS-FOLDER)"
            : record.Verdict.Name();
        string Ask(string side) => string.Concat(probes.Select((p, i) => $"  echo {ShellQuote.Quote(p.Command($"{side}{i}"))}\n"));
        var compare = new StringBuilder();
        for (var i = 0; i < probes.Count; i++)
            compare.Append($"probe {ShellQuote.Quote(probes[i].Label)} src{i} dst{i}\n");

        return $$$"""
            #!/bin/sh
            # Reproduces case {{{record.Id}}} ({{{record.Verdict.Name()}}}): {{{Oneline(record.Reason)}}}
            # Seed {{{record.Seed}}}, index {{{record.Index}}}, scenario {{{record.Scenario}}}, hop {{{hop.From}}} -> {{{hop.To}}}.
            # Needs docker and the two images below. The guest stays paused (no guest firmware): drift that only
            # the running guest's own CPUID shows needs the harness: mh repro THIS-FOLDER.
            # MH_REPRO_WAIT (seconds, default 5) is how long the migration may take.
            set -u
            wait_s=${MH_REPRO_WAIT:-5}
            dir=$(mktemp -d)
            chmod 777 "$dir"
            trap 'docker rm -f mh-repro-dst-$$ mh-repro-src-$$ >/dev/null 2>&1; rm -rf "$dir"' EXIT
            kvm=$( [ -e /dev/kvm ] && echo --device=/dev/kvm )

            { echo '{"execute":"qmp_capabilities"}'
              sleep $((wait_s + 4))
            {{{Ask("dst")}}}  echo '{"execute":"query-status","id":"dst-status"}'
              echo '{"execute":"quit"}'
            } | docker run -i --rm --name mh-repro-dst-$$ --network none $kvm -v "$dir:/mh" {{{ShellQuote.Quote(Image(hop.To))}}} \
              {{{ShellQuote.Join(Strip(destinationArgv))}}} -qmp stdio -incoming unix:/mh/migrate.sock >"$dir/dst.out" 2>"$dir/dst.err" &
            dst_pid=$!

            { echo '{"execute":"qmp_capabilities"}'
              sleep 3
              echo '{"execute":"migrate","arguments":{"uri":"unix:/mh/migrate.sock"}}'
              sleep "$wait_s"
              echo '{"execute":"query-migrate","id":"migration"}'
            {{{Ask("src")}}}  echo '{"execute":"quit"}'
            } | docker run -i --rm --name mh-repro-src-$$ --network none $kvm -v "$dir:/mh" {{{ShellQuote.Quote(Image(hop.From))}}} \
              {{{ShellQuote.Join(Strip(sourceArgv))}}} -qmp stdio -S >"$dir/src.out" 2>"$dir/src.err"
            src_exit=$?
            wait "$dst_pid"
            dst_exit=$?

            echo "--- source ({{{hop.From}}}) stderr, exit $src_exit:"; cat "$dir/src.err"
            echo "--- destination ({{{hop.To}}}) stderr, exit $dst_exit:"; cat "$dir/dst.err"
            answer() { grep "\"id\": \"$1\"" "$2" | sed 's/, "id": "[^"]*"//; s/"id": "[^"]*", //' | head -n 1; }
            migration=$(answer migration "$dir/src.out" | sed -n 's/.*"status": "\([a-z-]*\)".*/\1/p')
            echo "--- migration status on the source: ${migration:-no answer}"
            drift=0
            probe() {
              a=$(answer "$2" "$dir/src.out"); b=$(answer "$3" "$dir/dst.out")
              if [ "$a" != "$b" ]; then drift=1; echo "differs: $1: source $a, destination $b"; else echo "same: $1: $a"; fi
            }
            {{{compare}}}
            if [ "$src_exit" -ge 128 ] || [ "$dst_exit" -ge 128 ] || grep -qE 'Assertion|Aborted|Segmentation fault|core dumped' "$dir/src.err" "$dir/dst.err"; then
              verdict=crash
            elif [ "$migration" = failed ] || grep -q 'load of migration failed' "$dir/dst.err" || ! grep -q '"dst-status"' "$dir/dst.out"; then
              verdict=clean-reject
            elif [ "$migration" != completed ]; then
              verdict=hang
            elif [ "$drift" = 1 ]; then
              verdict=abi-drift
            else
              verdict=pass
            fi
            echo "verdict: $verdict (recorded: {{{Oneline(recorded)}}})"
            {{{(unprobed.Count > 0 ? "echo " + ShellQuote.Quote("not checked here (guest CPUID): " + Oneline(string.Join("; ", unprobed.Take(5)))) : ":")}}}
            {{{lastLine}}}
            """;
    }

    /// <summary>The argv without the harness's plumbing (its QMP socket, pid file, -S, -incoming, guest firmware), which repro.sh sets itself.</summary>
    public static IEnumerable<string> Strip(IReadOnlyList<string> argv)
    {
        for (var i = 0; i < argv.Count; i++)
        {
            if (argv[i] is "-qmp" or "-pidfile" or "-incoming") { i++; continue; }
            if (argv[i] == "-S") continue;
            if (argv[i] == "-bios" && i + 1 < argv.Count && argv[i + 1].StartsWith(RunWorkspace.ContainerRoot, StringComparison.Ordinal)) { i++; continue; }
            yield return argv[i];
        }
    }

    private static string Oneline(string text) => text.Replace('\n', ' ').Replace('\r', ' ');
}

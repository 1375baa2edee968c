#!/usr/bin/env bash
# Runs the whole test suite (unit, property and real-QEMU integration tests), then checks that no
# harness container outlived it. Expects scripts/setup.sh to have run.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

out="$(mktemp -d)"
# A snapshot that is missing fails instead of being written: CI never approves its own output.
export SNAPSHOOTER_STRICT_MODE="${SNAPSHOOTER_STRICT_MODE:-true}"
# Microsoft.Testing.Platform (global.json) runs each test project; xunit.v3 writes one TRX report per project.
dotnet test --solution MigrationHarness.sln -c Release --results-directory "$out" --report-xunit-trx --no-progress 2>&1 | tee "$out/test.log"
status=${PIPESTATUS[0]}

leftover="$(docker ps -aq --filter label=io.migrationharness | wc -l)"
if [ "$leftover" -ne 0 ]; then
  echo "test: $leftover harness container(s) outlived the tests:"
  docker ps -a --filter label=io.migrationharness
  status=1
fi

# One closing line over every test project, in the plain form CI logs are read for.
passed=0; failed=0; skipped=0
for trx in "$out"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
[ "$passed" -eq 0 ] && status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"

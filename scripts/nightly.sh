#!/usr/bin/env bash
# The nightly campaign in three steps, the same on a CI runner and on one machine:
#
#   scripts/nightly.sh shard K N SEED OUT [mh run options…]   run shard K of N into OUT/shard-K
#   scripts/nightly.sh merge OUT [--previous RUN] [--known FILE] merge OUT/shard-* into OUT/merged,
#                                                                then compare with last night's merged run
#   scripts/nightly.sh local N SEED OUT [--previous RUN] [mh run options…]
#                                                                every shard here, one after the other, then merge
#
# Exit codes are mh's: 0 nothing got worse, 1 a new failure or a worse tier (the night is red),
# 2 bad input, 3 infrastructure trouble. A shard with findings (mh exit 1) still counts as run:
# the merged run is what judges the night.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mh="$here/mh"

usage() { sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

shard() {
  local k="$1" n="$2" seed="$3" out="$4"; shift 4
  mkdir -p "$out"
  local log="$out/shard-$k.log"
  (cd "$here" && "$mh" run --seed "$seed" --shard "$k/$n" "$@") 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  [ "$status" -le 1 ] || return "$status"
  local run
  run="$(sed -n 's/^results: \(.*\)$/\1/p' "$log" | head -1)"
  [ -n "$run" ] || { echo "nightly: shard $k/$n printed no results directory" >&2; return 3; }
  rm -rf "$out/shard-$k"
  mv "$here/$run" "$out/shard-$k"
}

merge() {
  local out="$1"; shift
  local previous="" known=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --previous) previous="$2"; shift 2 ;;
      --known) known=(--known "$2"); shift 2 ;;
      *) echo "nightly: unknown merge option '$1'" >&2; return 2 ;;
    esac
  done
  local shards=("$out"/shard-*/)
  [ -d "${shards[0]}" ] || { echo "nightly: no shard runs under $out" >&2; return 2; }
  rm -rf "$out/merged"
  # merge judges the merged run as well (exit 1 for a new finding); the comparison below decides the night.
  (cd "$here" && "$mh" results merge "$out/merged" "${shards[@]%/}")
  local status=$?
  [ "$status" -le 1 ] || return "$status"
  if [ -n "$previous" ] && [ -f "$previous/cases.jsonl" ]; then
    (cd "$here" && "$mh" report "$out/merged" --compare "$previous" "${known[@]}")
  else
    (cd "$here" && "$mh" report "$out/merged" "${known[@]}")
  fi
}

[ $# -ge 1 ] || usage
step="$1"; shift
case "$step" in
  shard) [ $# -ge 4 ] || usage; shard "$@" ;;
  merge) [ $# -ge 1 ] || usage; merge "$@" ;;
  local)
    [ $# -ge 3 ] || usage
    n="$1" seed="$2" out="$3"; shift 3
    previous=()
    if [ "${1:-}" = "--previous" ]; then previous=(--previous "$2"); shift 2; fi
    for k in $(seq 1 "$n"); do shard "$k" "$n" "$seed" "$out" "$@" || exit $?; done
    merge "$out" "${previous[@]}" ;;
  *) usage ;;
esac

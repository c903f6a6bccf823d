#!/usr/bin/env bash
# A single node with its journal: subscribers with clean sessions against persistent ones (each
# QoS 1 delivery to a persistent session is journalled, in a grouped commit, before the PUBACK),
# alternating in one run; appends one JSON line per run to $OUT/results.jsonl and prints
# summarize.py's table.
#   scripts/bench/journal.sh [out-dir] [repeats] [rows...]
# Rows: pairs-q1-sat pairs-q1-5k (default: both). Ports 2xxxx on 127.0.0.1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/target/bench-journal}
REPEATS=${2:-3}
shift 2 2>/dev/null || shift $#
ROWS=${*:-"pairs-q1-sat pairs-q1-5k"}
. "$ROOT/scripts/bench/lib.sh"
RESULTS="$OUT/results.jsonl"

bench_build

rm -rf "$OUT/aviary-data"
start_broker "$OUT/node.log" AVIARY_JOURNAL_ENABLED=true

row_args() {
  case "$1" in
    pairs-q1-sat) echo "--scenario pairs --clients 100 --qos 1 --window 1000 --warmup 5 --duration 15 --drain 5" ;;
    pairs-q1-5k)  echo "--scenario pairs --clients 100 --qos 1 --rate 5000 --warmup 5 --duration 15 --drain 5" ;;
    *) echo "unknown row $1" >&2; return 1 ;;
  esac
}

run() { # label row repeat extra-args...
  local label=$1 row=$2 repeat=$3; shift 3
  local args; args=$(row_args "$row")
  # shellcheck disable=SC2086
  loadgen_run "$label/$row/$repeat" --port "$AV_PLAIN" --broker-pid "$AV_PID" $args "$@"
}

for r in $(seq 1 "$REPEATS"); do
  for row in $ROWS; do
    run clean "$row" "$r"
    run persistent "$row" "$r" --session-expiry 300
  done
done
python3 "$ROOT/scripts/bench/summarize.py" "$RESULTS"

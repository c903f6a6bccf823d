#!/usr/bin/env bash
# Broker QoS 0 fan-in throughput with a 1,000-rule ACL policy versus Permit All (one rule, the
# cheapest check: ACL enforcement cannot be switched off), alternating in one run, and appends one
# JSON line per run to $OUT/results.jsonl; prints a summary at the end.
#   scripts/bench/acl-fanin.sh [out-dir] [repeats] [rules]
# Needs a JDK >= 21. Ports 2xxxx on 127.0.0.1. Every run is bounded by --max-runtime.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/target/bench-acl}
REPEATS=${2:-3}
RULES=${3:-1000}
. "$ROOT/scripts/bench/lib.sh"
RESULTS="$OUT/results.jsonl"

bench_build
python3 "$ROOT/scripts/bench/acl_policy.py" "$OUT/policy.json" "$RULES"

start_aviary() { # policy-file or empty for Permit All
  # The anonymous organization (dev mode only) is Permit All unless aviary.acl.policy-file is set.
  start_broker "$OUT/aviary.log" ${1:+"AVIARY_ACL_POLICY_FILE=$1"}
}

run() { # label
  fanin_run "$1" bench/acl
  echo "$(date +%T) $1 load=$(cut -d' ' -f1 /proc/loadavg)" >&2
}

ab_compare "$REPEATS" permit-all "" "rules-$RULES" "$OUT/policy.json" "policy / permit-all"
